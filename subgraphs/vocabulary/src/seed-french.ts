import type { SeedVocabulary } from './seed-words';

export const FRENCH_WORDS: SeedVocabulary = {
  'fr-a1-01': [
    ['bonjour', 'hello, good morning', 'interjection', 'Bonjour, madame !', 'Hello, madam!'],
    ['bonsoir', 'good evening', 'interjection', 'Bonsoir, tout le monde.', 'Good evening, everyone.'],
    ['salut', 'hi', 'interjection', 'Salut, ça va ?', "Hi, how's it going?"],
    ['au revoir', 'goodbye', 'phrase', 'Au revoir et à bientôt !', 'Goodbye and see you soon!'],
    ['merci', 'thank you', 'interjection', 'Merci beaucoup.', 'Thank you very much.'],
  ],
  'fr-a1-02': [
    ["s'appeler", 'to be called', 'verb', "Je m'appelle Léa.", 'My name is Léa.'],
    ['habiter', 'to live', 'verb', "J'habite à Lyon.", 'I live in Lyon.'],
    ['enchanté', 'pleased to meet you', 'adjective', 'Enchanté, je suis Marc.', "Pleased to meet you, I'm Marc."],
    ['le métier', 'job, profession', 'noun', 'Quel est ton métier ?', "What's your job?"],
    ['présenter', 'to introduce', 'verb', 'Je te présente mon ami Paul.', 'Let me introduce my friend Paul.'],
  ],
  'fr-a1-03': [
    ['vingt', 'twenty', 'number', "J'ai vingt ans.", 'I am twenty.'],
    ['cinquante', 'fifty', 'number', 'Ça fait cinquante euros.', "That's fifty euros."],
    ['cent', 'one hundred', 'number', 'Le livre a cent pages.', 'The book has a hundred pages.'],
    ['combien', 'how much, how many', 'adverb', "C'est combien ?", 'How much is it?'],
    ["l'euro", 'euro', 'noun', 'Le café coûte deux euros.', 'The coffee costs two euros.'],
  ],
  'fr-a1-04': [
    ['la baguette', 'baguette', 'noun', 'La baguette est encore chaude.', 'The baguette is still warm.'],
    ['le croissant', 'croissant', 'noun', 'Je voudrais deux croissants.', "I'd like two croissants."],
    ['le pain au chocolat', 'chocolate croissant', 'noun', 'Un pain au chocolat et un café.', 'A chocolate croissant and a coffee.'],
    ["s'il vous plaît", 'please', 'phrase', "Deux baguettes, s'il vous plaît.", 'Two baguettes, please.'],
    ['la boulangerie', 'bakery', 'noun', 'La boulangerie ouvre à sept heures.', "The bakery opens at seven o'clock."],
  ],
  'fr-a1-05': [
    ['la maison', 'house', 'noun', 'Ma maison est petite.', 'My house is small.'],
    ['la cuisine', 'kitchen', 'noun', 'La cuisine est à gauche.', 'The kitchen is on the left.'],
    ['la chambre', 'bedroom', 'noun', 'Ma chambre a une grande fenêtre.', 'My bedroom has a big window.'],
    ['le canapé', 'sofa', 'noun', 'Le chat dort sur le canapé.', 'The cat is sleeping on the sofa.'],
    ['à côté de', 'next to', 'preposition', 'La lampe est à côté du lit.', 'The lamp is next to the bed.'],
  ],
  'fr-a1-06': [
    ['le temps', 'weather', 'noun', 'Quel temps fait-il ?', "What's the weather like?"],
    ['il pleut', "it's raining", 'phrase', 'Il pleut depuis ce matin.', 'It has been raining since this morning.'],
    ['le soleil', 'sun', 'noun', "Il y a du soleil aujourd'hui.", "It's sunny today."],
    ['froid', 'cold', 'adjective', 'En hiver, il fait froid.', "In winter it's cold."],
    ["l'été", 'summer', 'noun', "L'été est ma saison préférée.", 'Summer is my favourite season.'],
  ],
  'fr-a1-07': [
    ['aimer', 'to like, to love', 'verb', "J'aime lire le soir.", 'I like reading in the evening.'],
    ['le sport', 'sport', 'noun', 'Je fais du sport le samedi.', 'I do sport on Saturdays.'],
    ['la musique', 'music', 'noun', 'Elle écoute de la musique.', 'She listens to music.'],
    ['souvent', 'often', 'adverb', 'Nous allons souvent au cinéma.', 'We often go to the cinema.'],
    ['nager', 'to swim', 'verb', 'Il nage à la piscine.', 'He swims at the pool.'],
  ],
  'fr-a1-08': [
    ['la gare', 'train station', 'noun', "La gare est près d'ici.", 'The station is near here.'],
    ['le billet', 'ticket', 'noun', "Un billet pour Paris, s'il vous plaît.", 'A ticket to Paris, please.'],
    ['le quai', 'platform', 'noun', 'Le train part du quai numéro trois.', 'The train leaves from platform three.'],
    ["l'horaire", 'timetable', 'noun', "Je regarde l'horaire des trains.", "I'm looking at the train timetable."],
    ['en retard', 'late', 'phrase', 'Le train est en retard.', 'The train is late.'],
  ],
};
