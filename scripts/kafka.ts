/**
 * `npm run kafka:start [-- --secure] [--fresh] …`: the launcher's command line (kafka/src/launcher/cli.ts) with
 * what the launcher cannot know, since it knows no domain: a secure broker's SCRAM users are the registry's
 * principals, and once it runs its ACLs are made the registry's (`aclDeclaration`).
 */
import { brokerPrincipals } from '@puchi/domains';
import { launcherCli } from '@puchi/kafka/launcher';
import { aclSummary, adminClient, applyDeclaredAcls, secureBroker } from './secure-broker';

launcherCli(process.argv.slice(2), process.env, {
  users: brokerPrincipals(),
  afterStart: async (status, progress) => {
    if (!status.secure) return;
    const broker = secureBroker(status.brokers, status.dataDir);
    const admin = adminClient(broker, 'puchi-acls');
    await admin.connect();
    try {
      progress(aclSummary(await applyDeclaredAcls(admin)));
    } finally {
      await admin.disconnect();
    }
    progress(`secure: log in with SASL/SCRAM-SHA-512; users and passwords in ${broker.credentialsFile} (admin: admin-client.properties there, for Kafka's own tools)`);
  },
});
