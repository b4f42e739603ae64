import type { SeedVocabulary } from './seed-words';

export const SPANISH_WORDS: SeedVocabulary = {
  'es-a1-01': [
    ['hola', 'hello', 'interjection', '¡Hola! ¿Qué tal?', 'Hello! How are things?'],
    ['adiós', 'goodbye', 'interjection', 'Adiós, hasta mañana.', 'Goodbye, see you tomorrow.'],
    ['buenos días', 'good morning', 'phrase', 'Buenos días, señora.', 'Good morning, madam.'],
    ['gracias', 'thank you', 'interjection', 'Muchas gracias por todo.', 'Thank you very much for everything.'],
    ['¿cómo estás?', 'how are you?', 'phrase', 'Hola, Ana, ¿cómo estás?', 'Hi Ana, how are you?'],
  ],
  'es-a1-02': [
    ['llamarse', 'to be called', 'verb', 'Me llamo Carlos.', 'My name is Carlos.'],
    ['ser de', 'to be from', 'phrase', 'Soy de México.', 'I am from Mexico.'],
    ['el nombre', 'name', 'noun', '¿Cuál es tu nombre?', 'What is your name?'],
    ['trabajar', 'to work', 'verb', 'Trabajo en un hospital.', 'I work in a hospital.'],
    ['encantado', 'pleased to meet you', 'adjective', 'Encantado de conocerte.', 'Pleased to meet you.'],
  ],
  'es-a1-03': [
    ['uno', 'one', 'number', 'Solo quiero uno.', 'I only want one.'],
    ['cinco', 'five', 'number', 'Son las cinco.', "It's five o'clock."],
    ['diez', 'ten', 'number', 'Tengo diez euros.', 'I have ten euros.'],
    ['quince', 'fifteen', 'number', 'Mi hermana tiene quince años.', 'My sister is fifteen.'],
    ['veinte', 'twenty', 'number', 'Hay veinte alumnos en la clase.', 'There are twenty students in the class.'],
  ],
  'es-a1-04': [
    ['el café', 'coffee', 'noun', 'Un café con leche, por favor.', 'A coffee with milk, please.'],
    ['el agua', 'water', 'noun', '¿Me trae un vaso de agua?', 'Could you bring me a glass of water?'],
    ['la cuenta', 'the bill', 'noun', 'La cuenta, por favor.', 'The bill, please.'],
    ['por favor', 'please', 'phrase', 'Un té, por favor.', 'A tea, please.'],
    ['la tostada', 'toast', 'noun', 'Quiero una tostada con tomate.', "I'd like toast with tomato."],
  ],
  'es-a1-05': [
    ['la madre', 'mother', 'noun', 'Mi madre es profesora.', 'My mother is a teacher.'],
    ['el padre', 'father', 'noun', 'Mi padre cocina muy bien.', 'My father cooks very well.'],
    ['el hermano', 'brother', 'noun', 'Tengo dos hermanos.', 'I have two brothers.'],
    ['la hija', 'daughter', 'noun', 'Su hija tiene tres años.', 'Their daughter is three.'],
    ['los abuelos', 'grandparents', 'noun', 'Mis abuelos viven en Sevilla.', 'My grandparents live in Seville.'],
  ],
  'es-a1-06': [
    ['el lunes', 'Monday', 'noun', 'El lunes tengo clase.', 'I have class on Monday.'],
    ['el fin de semana', 'the weekend', 'noun', '¿Qué haces el fin de semana?', 'What are you doing at the weekend?'],
    ['la hora', 'the time, hour', 'noun', '¿Qué hora es?', 'What time is it?'],
    ['hoy', 'today', 'adverb', 'Hoy es martes.', 'Today is Tuesday.'],
    ['mañana', 'tomorrow', 'adverb', 'Nos vemos mañana.', 'See you tomorrow.'],
  ],
  'es-a1-07': [
    ['la estación', 'station', 'noun', '¿Dónde está la estación?', 'Where is the station?'],
    ['a la derecha', 'on the right', 'phrase', 'El banco está a la derecha.', 'The bank is on the right.'],
    ['todo recto', 'straight ahead', 'phrase', 'Siga todo recto.', 'Go straight ahead.'],
    ['el autobús', 'bus', 'noun', 'Tomo el autobús a las ocho.', 'I take the bus at eight.'],
    ['el billete', 'ticket', 'noun', 'Un billete de ida y vuelta, por favor.', 'A return ticket, please.'],
  ],
  'es-a1-08': [
    ['¿cuánto cuesta?', 'how much is it?', 'phrase', '¿Cuánto cuesta esta camisa?', 'How much is this shirt?'],
    ['barato', 'cheap', 'adjective', 'Estos zapatos son baratos.', 'These shoes are cheap.'],
    ['caro', 'expensive', 'adjective', 'Es demasiado caro.', "It's too expensive."],
    ['la talla', 'size', 'noun', '¿Tiene una talla más grande?', 'Do you have a bigger size?'],
    ['rojo', 'red', 'adjective', 'Quiero la falda roja.', 'I want the red skirt.'],
  ],
};
