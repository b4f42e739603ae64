import type { SeedVocabulary } from './seed-words';

/** A2 learners meet verbs with their perfect tense, so those terms carry it (`machen – hat gemacht`). */
export const GERMAN_WORDS: SeedVocabulary = {
  'de-a2-01': [
    ['gestern', 'yesterday', 'adverb', 'Gestern war ich im Kino.', 'Yesterday I was at the cinema.'],
    ['machen – hat gemacht', 'to do, to make', 'verb', 'Was hast du am Wochenende gemacht?', 'What did you do at the weekend?'],
    ['gehen – ist gegangen', 'to go', 'verb', 'Ich bin früh ins Bett gegangen.', 'I went to bed early.'],
    ['essen – hat gegessen', 'to eat', 'verb', 'Wir haben Pizza gegessen.', 'We ate pizza.'],
    ['treffen – hat getroffen', 'to meet', 'verb', 'Ich habe eine alte Freundin getroffen.', 'I met an old friend.'],
  ],
  'de-a2-02': [
    ['der Vorschlag', 'suggestion', 'noun', 'Hast du einen Vorschlag?', 'Do you have a suggestion?'],
    ['Lust haben', 'to feel like (doing something)', 'phrase', 'Hast du Lust, ins Kino zu gehen?', 'Do you feel like going to the cinema?'],
    ['einladen', 'to invite', 'verb', 'Ich lade dich zum Essen ein.', "I'm inviting you to dinner."],
    ['leider', 'unfortunately', 'adverb', 'Leider habe ich keine Zeit.', "Unfortunately I don't have time."],
    ['sich verabreden', 'to arrange to meet', 'verb', 'Wir verabreden uns für Samstag.', "We're arranging to meet on Saturday."],
  ],
  'de-a2-03': [
    ['die Kopfschmerzen', 'headache', 'noun', 'Ich habe seit gestern Kopfschmerzen.', "I've had a headache since yesterday."],
    ['das Fieber', 'fever', 'noun', 'Das Kind hat hohes Fieber.', 'The child has a high fever.'],
    ['wehtun', 'to hurt', 'verb', 'Mein Bauch tut weh.', 'My stomach hurts.'],
    ['das Rezept', 'prescription', 'noun', 'Die Ärztin schreibt mir ein Rezept.', 'The doctor writes me a prescription.'],
    ['sich ausruhen', 'to rest', 'verb', 'Sie sollten sich ein paar Tage ausruhen.', 'You should rest for a few days.'],
  ],
  'de-a2-04': [
    ['der Beruf', 'profession', 'noun', 'Was sind Sie von Beruf?', 'What do you do for a living?'],
    ['der Kollege', 'colleague', 'noun', 'Mein Kollege hilft mir oft.', 'My colleague often helps me.'],
    ['das Büro', 'office', 'noun', 'Ich arbeite in einem Büro in der Stadt.', 'I work in an office in town.'],
    ['die Besprechung', 'meeting', 'noun', 'Um zehn Uhr haben wir eine Besprechung.', "We have a meeting at ten o'clock."],
    ['verdienen', 'to earn', 'verb', 'Sie verdient gut.', 'She earns well.'],
  ],
  'de-a2-05': [
    ['die Reise', 'trip, journey', 'noun', 'Die Reise nach Italien war toll.', 'The trip to Italy was great.'],
    ['der Koffer', 'suitcase', 'noun', 'Mein Koffer ist nicht angekommen.', "My suitcase didn't arrive."],
    ['übernachten', 'to stay overnight', 'verb', 'Wir haben in einer Jugendherberge übernachtet.', 'We stayed overnight in a youth hostel.'],
    ['die Sehenswürdigkeit', 'sight, attraction', 'noun', 'Wir haben viele Sehenswürdigkeiten besichtigt.', 'We visited many sights.'],
    ['unterwegs', 'on the way', 'adverb', 'Unterwegs haben wir nette Leute kennengelernt.', 'On the way we met some nice people.'],
  ],
  'de-a2-06': [
    ['die Meinung', 'opinion', 'noun', 'Meiner Meinung nach ist das richtig.', 'In my opinion that is right.'],
    ['finden', 'to think, to find', 'verb', 'Ich finde den Film langweilig.', 'I find the film boring.'],
    ['zustimmen', 'to agree', 'verb', 'Da stimme ich dir zu.', 'I agree with you there.'],
    ['weil', 'because', 'conjunction', 'Ich bleibe zu Hause, weil es regnet.', "I'm staying at home because it's raining."],
    ['der Grund', 'reason', 'noun', 'Was ist der Grund dafür?', 'What is the reason for that?'],
  ],
};
