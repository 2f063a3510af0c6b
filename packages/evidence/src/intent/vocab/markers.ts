import { lexicon } from '../lex.js';

/** Structural markers: negation, obligation, address, conditions, framing. */

export const NEGATION = lexicon('negation', {
  en: "never|don't|dont|do not|does not|not|no|without|must not|mustn't|should not|shouldn't|cannot|can't|avoid|refrain from|under no circumstances|nor|neither",
  es: 'nunca|no|jamas|sin|evita|ni',
  de: 'nie|niemals|nicht|kein*|ohne|keinesfalls|auf keinen fall',
  fr: "ne|n'|jamais|pas|sans|aucun*|evite*",
  pt: 'nunca|nao|jamais|sem|evite|nem',
  it: 'mai|non|senza|evita|ne',
  zh: '不要|别|不得|禁止|切勿|不能|不可|勿|不|无需|不用|无须|未经',
  ja: 'ないで|ずに|ないこと|禁止|決して|なしで|せず',
  ru: 'не|никогда|нельзя|без|запрещ*|ни в коем случае',
});

/** Second person and obligation: the sentence gives an order. */
export const OBLIGATION = lexicon('obligation', {
  en: "you must|you should|you need to|you have to|you will|you are to|you are required to|you shall|you'll|you may now|you are allowed to|you are permitted to|should|shall|make sure|be sure to|ensure that you|remember to|it is important that you|it is important to|it is essential|it is critical|always|never|please|must|important:|note:|mandatory|required:|do not|don't",
  es: 'debes|tienes que|deberas|usted debe|siempre|nunca|asegurate|asegurese|por favor|es importante|obligatorio|no olvides',
  de: 'du musst|sie mussen|du sollst|sie sollen|immer|niemals|stelle sicher|stellen sie sicher|bitte|wichtig:|unbedingt|vergiss nicht',
  fr: "tu dois|vous devez|il faut|toujours|jamais|assure-toi|assurez-vous|s'il vous plait|important :|obligatoire|n'oublie pas",
  pt: 'voce deve|voce precisa|tem que|sempre|nunca|certifique-se|por favor|e importante|obrigatorio|nao esqueca',
  it: 'devi|deve|dovete|sempre|mai|assicurati|per favore|importante:|obbligatorio|non dimenticare',
  zh: '你必须|你应该|您必须|必须|务必|一定要|请|总是|始终|永远不要|绝不|切记|重要',
  ja: '必ず|してください|しなさい|しろ|せよ|常に|決して|絶対に|重要',
  ru: 'ты должен|вы должны|должен|обязательно|всегда|никогда|пожалуйста|важно|убедись',
});

/** Names for the agent that reads the skill. */
export const AGENT = lexicon('agent', {
  en: 'you|your|yourself|the assistant|assistant|the agent|ai agent|the ai|the model|the llm|claude|chatgpt|gpt|gemini|copilot|codex|cursor|the bot|language model|ai model',
  es: 'tu|usted|el asistente|el agente|la ia|el modelo',
  de: 'du|dich|dein*|der assistent|der agent|die ki|das modell',
  fr: "tu|toi|vous|l'assistant|l'agent|l'ia|le modele",
  pt: 'voce|o assistente|o agente|a ia|o modelo',
  it: "tu|l'assistente|l'agente|l'ia|il modello",
  zh: '你|您|助手|智能体|模型|ai',
  ja: 'あなた|アシスタント|エージェント|モデル',
  ru: 'ты|вы|тебе|ассистент|агент|модель|ии',
});

/** The human. */
export const USER = lexicon('user', {
  en: 'user*|human*|owner*|operator*|anyone|anybody|them|the person|customer*|developer*|the team|people',
  es: 'usuario*|nadie|el humano|propietario',
  de: 'benutzer*|nutzer*|anwender*|niemand*|mensch*',
  fr: 'utilisateur*|personne|humain*|proprietaire',
  pt: 'usuario*|utilizador*|ninguem|humano*|dono',
  it: 'utente|utenti|nessuno|umano|proprietario',
  zh: '用户|使用者|任何人|主人|人类',
  ja: 'ユーザー|利用者|誰にも|人間',
  ru: 'пользовател*|никому|человек*|владел*',
});

/** Text that talks about the skill or tool itself. */
export const SELF = lexicon('self', {
  en: 'this skill|the skill|this tool|the tool|this plugin|this script|the script|this server|the server|this extension|this package|this module|it|this command|the command|the cli|this mcp|the api|this api|this library|the function',
  es: 'esta habilidad|esta herramienta|este script|el servidor',
  de: 'dieser skill|dieses werkzeug|dieses tool|dieses skript|der server',
  fr: 'cette competence|cet outil|ce script|le serveur',
  pt: 'esta habilidade|esta ferramenta|este script|o servidor',
  it: 'questa skill|questo strumento|questo script|il server',
  zh: '本技能|该技能|本工具|该工具|此脚本',
  ja: 'このスキル|このツール|このスクリプト',
  ru: 'этот навык|этот инструмент|этот скрипт|сервер',
});

/** Who attacks, and how attack text is introduced. */
export const THREAT = lexicon('threat', {
  en: 'attacker*|attacks|adversar*|malware|wiper*|ransomware|stealer*|infostealer*|backdoor*|trojan*|worm|rootkit*|threat actor*|hacker*|intruder*|bad actor*|compromised|injected|this technique|the technique|this attack|the attack|an attack|attack vector*|attack pattern*|prompt injection*|jailbreak*|exploit*|phishing|social engineering|a common trick|red flag*|indicator*|warning sign*|is a sign|are signs|suspicious|exfiltration|threat*|vulnerab*',
  es: 'atacante*|malicios*|adversario*|esta tecnica|ataque*|inyeccion',
  de: 'angreifer*|bosartig*|schadsoftware|schadcode|diese technik|angriff*|injektion',
  fr: 'attaquant*|malveillant*|pirate*|cette technique|attaque*|injection',
  pt: 'atacante*|malicios*|invasor*|esta tecnica|ataque*|injecao',
  it: 'attaccant*|malevol*|dannos*|questa tecnica|attacc*|iniezione',
  zh: '攻击者|恶意|黑客|攻击|注入|这种技术|威胁',
  ja: '攻撃者|悪意|ハッカー|攻撃|インジェクション|この手法|脅威',
  ru: 'злоумышленник*|атакующ*|вредонос*|хакер*|атак*|инъекци*|угроз*',
});

/** Modal or habitual verbs used when describing what attackers do. */
export const THREAT_MODAL = lexicon('threat-modal', {
  en: 'may|might|can|could|often|typically|usually|commonly|try|tries|trying|attempt*|would|will|will try|is|are|was|were|is used|are used|include|includes|looks like|look like|such as|uses|use',
  es: 'puede|pueden|podria*|intenta*|suele*|a menudo',
  de: 'kann|konnen|konnte*|versuch*|oft|haufig',
  fr: 'peut|peuvent|pourrai*|tente*|essai*|souvent',
  pt: 'pode|podem|poderia*|tenta*|costuma*|frequentemente',
  it: 'puo|possono|potrebbe*|tenta*|cerca di|spesso',
  zh: '可能|会|试图|企图|通常|往往',
  ja: 'かもしれ|可能性|試み|しようと|ことがあ|よく',
  ru: 'может|могут|пытает*|пытаются|попыта*|часто|обычно',
});

/** Example markers. */
export const EXAMPLE = lexicon('example', {
  en: 'e.g.|eg.|for example|for instance|example:|examples:|example input|example output|sample|samples|sample output|sample input|such as|like this|as follows|output:|input:|response:|prompt:|demo|illustration|i.e.|say,',
  es: 'por ejemplo|ejemplo:|ejemplos|como este|muestra:',
  de: 'zum beispiel|z.b.|z. b.|beispiel:|beispiele|etwa',
  fr: 'par exemple|exemple :|exemple:|exemples|p. ex.|comme ceci',
  pt: 'por exemplo|exemplo:|exemplos|como este',
  it: 'ad esempio|per esempio|esempio:|esempi|come questo',
  zh: '例如|比如|示例|举例|样例|例子',
  ja: '例えば|例：|例:|サンプル|具体例',
  ru: 'например|пример:|примеры|к примеру',
});

/** Words that present what follows as material (a phrase, a string) rather than an order. */
export const FRAMING = lexicon('framing', {
  en: 'phrase*|string*|text like|text such as|wording|keyword*|term|terms|message*|saying|says|said|contain*|matches|reads|pattern*|regex*|signature*|payload*|snippet*|instructions like|instructions such as|commands like|commands such as|lines like|like',
  es: 'frases|cadenas|texto como|patrones|que dice|contiene*',
  de: 'phrasen|zeichenketten|text wie|muster|die lautet|enthalt*',
  fr: 'phrases|chaines|texte comme|motifs|qui dit|contien*',
  pt: 'frases|strings|texto como|padroes|que diz|contem',
  it: 'frasi|stringhe|testo come|schemi|che dice|contien*',
  zh: '短语|字符串|模式|关键词|包含|类似',
  ja: 'フレーズ|文字列|パターン|キーワード|含む|のような',
  ru: 'фраз*|строк*|шаблон*|паттерн*|содерж*|вроде',
});

/** Sentence openers that state a trigger. */
export const CONDITION = lexicon('condition', {
  en: 'when|whenever|if|before|after|once|each time|every time|as soon as|upon|on every|on each|prior to|at the start of|at the end of|in case',
  es: 'cuando|si|antes de|despues de|cada vez|en cuanto',
  de: 'wenn|falls|bevor|nachdem|jedes mal|sobald|vor jeder|vor jedem',
  fr: 'quand|lorsque|si|avant de|avant chaque|apres|chaque fois|des que',
  pt: 'quando|se|antes de|depois de|sempre que|assim que',
  it: 'quando|se|prima di|dopo|ogni volta|appena',
  zh: '当|如果|之前|每次|一旦|在回答|回答前',
  ja: 'とき|時は|場合|前に|たびに|したら|際は',
  ru: 'когда|если|перед|после|каждый раз|как только',
});
