import type { SeedVocabulary } from './seed-words';

/** Terms are romaji with the kana in brackets; examples are romaji. Hiragana Basics is reading practice: no sentences. */
export const JAPANESE_WORDS: SeedVocabulary = {
  'ja-a1-01': [
    ['ai (あい)', 'love', 'noun'],
    ['ie (いえ)', 'house', 'noun'],
    ['ue (うえ)', 'above, up', 'noun'],
    ['kao (かお)', 'face', 'noun'],
    ['koe (こえ)', 'voice', 'noun'],
  ],
  'ja-a1-02': [
    ['ohayō gozaimasu (おはようございます)', 'good morning', 'phrase', 'Sensei, ohayō gozaimasu.', 'Good morning, teacher.'],
    ['konnichiwa (こんにちは)', 'hello, good afternoon', 'phrase', 'Konnichiwa, Tanaka-san.', 'Hello, Mr Tanaka.'],
    ['konbanwa (こんばんは)', 'good evening', 'phrase', 'Minasan, konbanwa.', 'Good evening, everyone.'],
    ['arigatō gozaimasu (ありがとうございます)', 'thank you', 'phrase', 'Tetsudatte kurete arigatō gozaimasu.', 'Thank you for helping me.'],
    ['sayōnara (さようなら)', 'goodbye', 'phrase', 'Sayōnara, mata ashita.', 'Goodbye, see you tomorrow.'],
  ],
  'ja-a1-03': [
    ['hajimemashite (はじめまして)', 'nice to meet you', 'phrase', 'Hajimemashite, Satō desu.', "Nice to meet you, I'm Sato."],
    ['watashi (わたし)', 'I, me', 'pronoun', 'Watashi wa gakusei desu.', 'I am a student.'],
    ['namae (なまえ)', 'name', 'noun', 'Onamae wa nan desu ka?', 'What is your name?'],
    ['-jin (じん)', 'person from (a country)', 'suffix', 'Watashi wa Furansu-jin desu.', 'I am French.'],
    ['yoroshiku onegaishimasu (よろしくおねがいします)', 'pleased to meet you (please treat me well)', 'phrase', 'Dōzo yoroshiku onegaishimasu.', 'I look forward to getting to know you.'],
  ],
  'ja-a1-04': [
    ['ichi (いち)', 'one', 'number', 'Ichi kara jū made kazoemasu.', 'I count from one to ten.'],
    ['ni (に)', 'two', 'number', 'Ni-ji ni aimashō.', "Let's meet at two o'clock."],
    ['san (さん)', 'three', 'number', 'Ringo o san-ko kudasai.', 'Three apples, please.'],
    ['jū (じゅう)', 'ten', 'number', 'Kyōshitsu ni jū-nin imasu.', 'There are ten people in the classroom.'],
    ['hyaku (ひゃく)', 'one hundred', 'number', 'Kore wa hyaku en desu.', 'This is a hundred yen.'],
  ],
  'ja-a1-05': [
    ['gohan (ごはん)', 'rice, meal', 'noun', 'Mainichi gohan o tabemasu.', 'I eat rice every day.'],
    ['mizu (みず)', 'water', 'noun', 'Mizu o kudasai.', 'Water, please.'],
    ['oishii (おいしい)', 'delicious', 'adjective', 'Kono rāmen wa oishii desu.', 'This ramen is delicious.'],
    ['taberu (たべる)', 'to eat', 'verb', 'Sushi o taberu no ga suki desu.', 'I like eating sushi.'],
    ['ocha (おちゃ)', 'green tea', 'noun', 'Ocha wa ikaga desu ka?', 'Would you like some tea?'],
  ],
  'ja-a1-06': [
    ['kyō (きょう)', 'today', 'noun', 'Kyō wa getsuyōbi desu.', 'Today is Monday.'],
    ['ashita (あした)', 'tomorrow', 'noun', 'Ashita aimashō.', "Let's meet tomorrow."],
    ['nan-ji (なんじ)', 'what time', 'phrase', 'Ima nan-ji desu ka?', 'What time is it now?'],
    ['getsuyōbi (げつようび)', 'Monday', 'noun', 'Getsuyōbi ni shigoto ga arimasu.', 'I have work on Monday.'],
    ['yakusoku (やくそく)', 'appointment, promise', 'noun', 'Tomodachi to yakusoku ga arimasu.', 'I have plans with a friend.'],
  ],
  'ja-a1-07': [
    ['eki (えき)', 'station', 'noun', 'Eki wa doko desu ka?', 'Where is the station?'],
    ['konbini (コンビニ)', 'convenience store', 'noun', 'Konbini wa eki no mae ni arimasu.', 'The convenience store is in front of the station.'],
    ['migi (みぎ)', 'right', 'noun', 'Tsugi no kado o migi ni magatte kudasai.', 'Please turn right at the next corner.'],
    ['hidari (ひだり)', 'left', 'noun', 'Ginkō wa hidari ni arimasu.', 'The bank is on the left.'],
    ['massugu (まっすぐ)', 'straight ahead', 'adverb', 'Massugu itte kudasai.', 'Please go straight ahead.'],
  ],
  'ja-a1-08': [
    ['ikura (いくら)', 'how much', 'adverb', 'Kore wa ikura desu ka?', 'How much is this?'],
    ['en (えん)', 'yen', 'noun', 'Sen en desu.', "It's a thousand yen."],
    ['kudasai (ください)', 'please give me', 'phrase', 'Kore o kudasai.', "I'll take this, please."],
    ['kaimono (かいもの)', 'shopping', 'noun', 'Depāto de kaimono o shimasu.', 'I go shopping at the department store.'],
    ['reshīto (レシート)', 'receipt', 'noun', 'Reshīto wa irimasu ka?', 'Do you need a receipt?'],
  ],
};
