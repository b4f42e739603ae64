/**
 * Question bank of the seed quizzes: one question on each seed lesson's topic, and per language a few general
 * questions that the seed spreads over its lessons. Pure data.
 */
export type SeedQuestion = [prompt: string, choices: string[], correctIndex: number];

/** Keyed by lesson id (see `SEED_LESSONS` in the lesson domain). */
export const TOPIC_QUESTIONS: Record<string, SeedQuestion> = {
  'es-a1-01': ["How do you say 'good morning' in Spanish?", ['Buenas noches', 'Buenos días', 'Hasta luego', 'Por favor'], 1],
  'es-a1-02': ["Complete 'Me ___ Ana.' (My name is Ana.)", ['llamo', 'llama', 'llamas', 'llaman'], 0],
  'es-a1-03': ["What is 'quince' in English?", ['five', 'fifty', 'fifteen', 'fourteen'], 2],
  'es-a1-04': ['How do you politely order a coffee?', ['Un café, por favor.', 'Adiós, café.', 'Tengo un café.', '¿Dónde está el café?'], 0],
  'es-a1-05': ["What does 'hermana' mean?", ['mother', 'aunt', 'grandmother', 'sister'], 3],
  'es-a1-06': ["Which day comes after 'lunes'?", ['domingo', 'martes', 'jueves', 'sábado'], 1],
  'es-a1-07': ["How do you ask 'Where is the station?'", ['¿Cuánto cuesta la estación?', '¿Qué hora es?', '¿Dónde está la estación?', '¿Cómo te llamas?'], 2],
  'es-a1-08': ["What does '¿Cuánto cuesta?' mean?", ['How much does it cost?', 'Where is it?', 'What time is it?', 'Do you have it?'], 0],

  'fr-a1-01': ['Which greeting do you use in the evening?', ['Bonjour', 'Bonsoir', 'Salut', 'Merci'], 1],
  'fr-a1-02': ["Complete 'Je ___ Paul.' (I am Paul.)", ['suis', 'es', 'est', 'sommes'], 0],
  'fr-a1-03': ["Which number is 'soixante-dix'?", ['60', '17', '70', '80'], 2],
  'fr-a1-04': ["What is 'une baguette'?", ['a croissant', 'a cake', 'a long loaf of bread', 'a cup of tea'], 2],
  'fr-a1-05': ["What does 'la cuisine' mean?", ['the bedroom', 'the kitchen', 'the garden', 'the bathroom'], 1],
  'fr-a1-06': ["How do you say 'it is raining'?", ['Il pleut.', 'Il fait beau.', 'Il neige.', 'Il fait chaud.'], 0],
  'fr-a1-07': ["Complete 'J'aime ___ au tennis.' (I like playing tennis.)", ['jouer', 'joue', 'joues', 'jouons'], 0],
  'fr-a1-08': ["What is 'un aller-retour'?", ['a one-way ticket', 'a return ticket', 'a platform', 'a timetable'], 1],

  'ja-a1-01': ["Which hiragana is read 'a'?", ['い', 'う', 'あ', 'お'], 2],
  'ja-a1-02': ["What does 'konbanwa' mean?", ['Good morning', 'Good evening', 'Goodbye', 'Thank you'], 1],
  'ja-a1-03': ["When do you say 'hajimemashite'?", ['When meeting someone for the first time', 'When leaving work', 'Before eating', 'When apologising'], 0],
  'ja-a1-04': ["Which number is 'san'?", ['1', '2', '3', '4'], 2],
  'ja-a1-05': ['What do you say before eating?', ['Gochisōsama', 'Itadakimasu', 'Sumimasen', 'Oyasumi'], 1],
  'ja-a1-06': ["What does 'getsuyōbi' mean?", ['Sunday', 'Monday', 'Friday', 'Saturday'], 1],
  'ja-a1-07': ["What does 'Eki wa doko desu ka?' ask?", ['Where is the station?', 'What time is it?', 'How much is it?', 'Is this the bus?'], 0],
  'ja-a1-08': ["How do you ask 'How much is it?'", ['Ikura desu ka?', 'Nan-ji desu ka?', 'Doko desu ka?', 'Dare desu ka?'], 0],

  'de-a2-01': ["Complete 'Ich ___ gestern ins Kino gegangen.'", ['habe', 'bin', 'war', 'hat'], 1],
  'de-a2-02': ['How do you suggest going somewhere together?', ['Wollen wir zusammen gehen?', 'Ich bin müde.', 'Das kostet zehn Euro.', 'Wo wohnst du?'], 0],
  'de-a2-03': ["What does 'Ich habe Kopfschmerzen' mean?", ['I have a cold.', 'I have a headache.', 'I have a stomach ache.', 'I feel fine.'], 1],
  'de-a2-04': ["What is 'der Arbeitsplatz'?", ['the workplace', 'the salary', 'the colleague', 'the holiday'], 0],
  'de-a2-05': ["Which is the perfect tense of 'wir fliegen'?", ['wir haben geflogen', 'wir sind geflogen', 'wir flogen', 'wir sind fliegen'], 1],
  'de-a2-06': ["How do you say 'In my opinion…'?", ['Meiner Meinung nach…', 'Ich weiß nicht…', 'Es tut mir leid…', 'Zum Beispiel…'], 0],
};

/** Keyed by ISO 639-1 language code. */
export const LANGUAGE_QUESTIONS: Record<string, SeedQuestion[]> = {
  es: [
    ["How do you say 'thank you' in Spanish?", ['Gracias', 'Perdón', 'Hola', 'Sí'], 0],
    ["What does 'sí' mean?", ['no', 'yes', 'maybe', 'please'], 1],
    ["Which phrase means 'please'?", ['de nada', 'lo siento', 'por favor', 'hasta mañana'], 2],
    ["What is the Spanish word for 'water'?", ['leche', 'pan', 'vino', 'agua'], 3],
    ["How do you say 'goodbye'?", ['Hola', 'Adiós', 'Buenos días', 'Gracias'], 1],
    ["What does 'de nada' mean?", ["You're welcome", 'Nothing at all', 'Good night', 'See you soon'], 0],
  ],
  fr: [
    ["How do you say 'thank you' in French?", ['Pardon', 'Merci', 'Salut', 'Oui'], 1],
    ["What does 'oui' mean?", ['yes', 'no', 'maybe', 'please'], 0],
    ["Which phrase means 'please' (polite form)?", ['De rien', 'Au revoir', "S'il vous plaît", 'Bonne nuit'], 2],
    ["What is the French word for 'water'?", ['le lait', 'le pain', 'le vin', "l'eau"], 3],
    ["How do you say 'see you soon'?", ['À bientôt', 'Bon appétit', 'Enchanté', 'Excusez-moi'], 0],
    ["What does 'Excusez-moi' mean?", ['Excuse me', 'Good luck', 'Welcome', 'Cheers'], 0],
  ],
  ja: [
    ["How do you say 'thank you' in Japanese?", ['Sumimasen', 'Arigatō', 'Sayōnara', 'Hai'], 1],
    ["What does 'hai' mean?", ['yes', 'no', 'hello', 'please'], 0],
    ["Which word means 'excuse me' or 'sorry'?", ['Oishii', 'Konnichiwa', 'Sumimasen', 'Genki'], 2],
    ["What is the Japanese word for 'water'?", ['ocha', 'gohan', 'sake', 'mizu'], 3],
    ["How do you say 'goodbye'?", ['Sayōnara', 'Ohayō', 'Itadakimasu', 'Dōzo'], 0],
    ["What does 'oishii' mean?", ['delicious', 'expensive', 'far away', 'tired'], 0],
  ],
  de: [
    ["How do you say 'thank you' in German?", ['Bitte', 'Danke', 'Tschüss', 'Ja'], 1],
    ["What does 'vielleicht' mean?", ['maybe', 'always', 'never', 'often'], 0],
    ["Which word means 'yesterday'?", ['morgen', 'heute', 'gestern', 'bald'], 2],
    ["What is the German word for 'appointment'?", ['der Urlaub', 'die Rechnung', 'das Wetter', 'der Termin'], 3],
    ["Which auxiliary verb do verbs of movement take in the perfect tense?", ['sein', 'haben', 'werden', 'können'], 0],
    ["What does 'Ich stimme zu' mean?", ['I agree', 'I disagree', "I don't know", 'I am late'], 0],
  ],
};
