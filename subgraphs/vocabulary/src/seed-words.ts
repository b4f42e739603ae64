/** One seed word: term, English translation, part of speech, and an example sentence with its translation if natural. */
export type SeedWord = readonly [term: string, translation: string, partOfSpeech: string, example?: string, exampleTranslation?: string];

/** Seed vocabulary per lesson id, five words each, in the order the lesson introduces them. */
export type SeedVocabulary = Readonly<Record<string, readonly SeedWord[]>>;
