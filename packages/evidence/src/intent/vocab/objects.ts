import { lexicon } from '../lex.js';

/** What an action applies to, by meaning class. */

export const SECRETS = lexicon('secrets', {
  en: 'secret*|credential*|password*|passwd|passphrase*|api key*|api-key*|api_key*|apikey*|token|tokens|access key*|bearer|private key*|ssh key*|seed phrase*|mnemonic*|recovery phrase*|wallet*|keystore*|.env|env file|dotenv|environment variables|env vars|cookie*|session id*|auth header*|authorization header*|id_rsa|id_ed25519|.ssh|.aws|.npmrc|.netrc|.pypirc|.git-credentials|kubeconfig|.kube|keychain*|login data|2fa code*|otp|one-time code*|credit card*|card number*|cvv|signing key*|mcp.json|claude_desktop_config.json',
  es: 'contrasena*|credencial*|clave*|secreto*|variables de entorno|frase semilla|cartera*|billetera*',
  de: 'passwort*|kennwort*|zugangsdaten|anmeldedaten|schlussel*|geheimnis*|umgebungsvariablen|geldborse*',
  fr: "mot de passe|mots de passe|identifiants|cle|cles|secrets|variables d'environnement|portefeuille*",
  pt: 'senha*|credenciais|chave*|segredo*|variaveis de ambiente|carteira*',
  it: "credenzial*|chiave*|chiavi|segreti|variabili di ambiente|variabili d'ambiente|portafoglio*",
  zh: '密码|凭证|凭据|密钥|私钥|令牌|助记词|钱包|环境变量|口令',
  ja: 'パスワード|認証情報|秘密鍵|鍵|トークン|シークレット|ウォレット|環境変数',
  ru: 'парол*|ключ*|токен*|секрет*|учетные данные|учётные данные|кошел*|переменные окружения',
});

export const CONVERSATION = lexicon('conversation', {
  en: "conversation*|chat history|chat log*|chat transcript*|transcript*|message history|history|messages|dialogue*|dialog|what the user said|what the user typed|what the user wrote|user's messages|user's input|user's questions|user's requests|user messages|user input|prompts|context window|full context|everything the user|previous messages|chat",
  es: 'conversacion*|historial|chat|mensajes|dialogo*|lo que el usuario|transcripcion*|lo que pego el usuario|el texto del usuario',
  de: 'gesprach*|unterhaltung*|verlauf|chatverlauf|nachrichten|dialog*|was der benutzer|transkript*|mitschrift*',
  fr: "conversation*|historique|messages|dialogue*|ce que l'utilisateur|transcription*",
  pt: 'conversa*|historico|mensagens|dialogo*|o que o usuario|transcricao*',
  it: "conversazion*|cronologia|messaggi|dialogo|quello che l'utente|trascrizion*",
  zh: '对话|聊天记录|历史记录|会话|消息记录|用户输入|对话内容',
  ja: '会話|履歴|チャット|メッセージ|やり取り|ユーザーの入力',
  ru: 'разговор*|переписк*|истори*|сообщени*|диалог*|чат',
});

export const USER_DATA = lexicon('user-data', {
  en: "personal data|personal information|personal details|pii|user data|user's data|user's files|user's documents|user's emails|contacts|address book|calendar|browser history|location|clipboard|screenshot*|keystroke*|emails|inbox|phone number*|home address|everything you know about the user|private data|customer data|photos",
  es: 'datos personales|datos del usuario|informacion personal|contactos|correos',
  de: 'personenbezogene daten|personliche daten|benutzerdaten|nutzerdaten|kontakte|e-mails',
  fr: "donnees personnelles|donnees de l'utilisateur|informations personnelles|contacts|courriels",
  pt: 'dados pessoais|dados do usuario|informacoes pessoais|contatos',
  it: "dati personali|dati dell'utente|informazioni personali|contatti",
  zh: '个人信息|用户数据|隐私|联系人|个人数据|剪贴板',
  ja: '個人情報|ユーザーデータ|連絡先|クリップボード|プライバシー',
  ru: 'личные данные|персональные данные|данные пользователя|контакты',
});

export const FILES = lexicon('files', {
  en: 'file|files|folder*|director*|repositor*|repo|repos|codebase|workspace|project|source code|documents|home directory|disk|drive|contents|everything',
  es: 'archivo*|fichero*|carpeta*|directorio*|repositorio*|codigo fuente|documentos',
  de: 'datei*|ordner|verzeichnis*|repository|quellcode|dokumente|inhalt*',
  fr: 'fichier*|dossier*|repertoire*|depot*|code source|documents|contenu*',
  pt: 'arquivo*|pasta*|diretorio*|repositorio*|codigo-fonte|codigo fonte|documentos|conteudo*',
  it: 'file|cartell*|directory|repository|codice sorgente|documenti|contenut*',
  zh: '文件|目录|代码库|仓库|源代码|文档|内容',
  ja: 'ファイル|フォルダ|ディレクトリ|リポジトリ|ソースコード|ドキュメント|内容',
  ru: 'файл*|папк*|каталог*|директори*|репозитори*|исходный код|документ*|содержим*',
});

export const SAFETY = lexicon('safety', {
  en: 'safety|safeguard*|guardrail*|guideline*|restriction*|limitation*|filter*|content polic*|polic*|sandbox*|security check*|security warning*|security setting*|security tool*|security software|security scan*|security review*|warning*|moderation|antivirus|firewall*|defender|ethic*|alignment|protections|protection|limits|rules|boundaries|checks|verification|validation|approval*|scanner*',
  es: 'seguridad|restricciones|salvaguardas|filtros|advertencias|politicas|limites|reglas|protecciones',
  de: 'sicherheit*|einschrankungen|schutzmassnahmen|filter|warnungen|richtlinien|grenzen|regeln|schutz*',
  fr: 'securite|restrictions|garde-fous|filtres|avertissements|politiques|limites|regles|protections',
  pt: 'seguranca|restricoes|salvaguardas|filtros|avisos|politicas|limites|regras|protecoes',
  it: 'sicurezza|restrizioni|salvaguardie|filtri|avvisi|politiche|limiti|regole|protezioni',
  zh: '安全|限制|防护|过滤|警告|规则|护栏|审核|策略|沙箱',
  ja: '安全|制限|フィルター|警告|ガードレール|ルール|ポリシー|サンドボックス|セキュリティ',
  ru: 'безопасност*|ограничени*|фильтр*|предупреждени*|защит*|правил*|политик*|песочниц*',
});

export const INSTRUCTIONS = lexicon('instructions', {
  en: 'instruction*|system prompt*|system message*|prompt|directive*|programming|guidelines|rules|orders|your task|your role|your purpose|persona|developer message*|previous context|prior context|above',
  es: 'instrucciones|indicaciones|reglas|prompt del sistema|directrices|ordenes',
  de: 'anweisung*|anleitung*|regeln|systemprompt|system-prompt|vorgaben|richtlinien|befehle',
  fr: 'instructions|consignes|regles|prompt systeme|directives|ordres',
  pt: 'instrucoes|regras|diretrizes|prompt do sistema|ordens',
  it: 'istruzioni|regole|direttive|prompt di sistema|ordini',
  zh: '指令|指示|规则|系统提示|提示词|设定',
  ja: '指示|ルール|システムプロンプト|ガイドライン',
  ru: 'инструкци*|правил*|указани*|системный промпт|системные инструкции|системная подсказка|директив*',
});

export const CONFIRMATION = lexicon('confirmation', {
  en: 'confirmation*|permission*|consent|approval*|asking|ask|asks|checking with|sign-off|review',
  es: 'confirmacion|permiso|consentimiento|aprobacion|preguntar',
  de: 'bestatigung|erlaubnis|zustimmung|genehmigung|ruckfrage|fragen',
  fr: 'confirmation|permission|consentement|approbation|demander',
  pt: 'confirmacao|permissao|consentimento|aprovacao|perguntar',
  it: 'conferma|permesso|consenso|approvazione|chiedere',
  zh: '确认|许可|同意|批准|询问',
  ja: '確認|許可|承認|同意',
  ru: 'подтвержд*|разрешени*|согласи*|спрашива*',
});

/** The agent's own memory, configuration and other skills; startup files. */
export const AGENT_CONFIG = lexicon('agent-config', {
  en: 'memory|memories|claude.md|agents.md|memory.md|.cursorrules|.cursor|.claude|settings.json|mcp.json|claude_desktop_config.json|copilot-instructions.md|.codex|skill.md|other skills|all skills|skills folder|skills directory|your configuration|your config|your settings|your instructions file|system prompt file|.bashrc|.zshrc|.bash_profile|.profile|crontab|cron job|launchagent*|launchd|systemd|startup|autostart|login item*|git hook*|pre-commit hook|future sessions|future conversations|all future|every future|permanently|persistent*',
  es: 'memoria|configuracion|otras habilidades|sesiones futuras|futuras conversaciones|permanentemente',
  de: 'gedachtnis|speicher|konfiguration|einstellungen|andere skills|zukunftige sitzungen|zukunftigen gesprachen|dauerhaft',
  fr: 'memoire|configuration|parametres|autres competences|sessions futures|futures conversations|definitivement',
  pt: 'memoria|configuracao|outras habilidades|sessoes futuras|futuras conversas|permanentemente',
  it: 'memoria|configurazione|impostazioni|altre skill|sessioni future|conversazioni future|permanentemente',
  zh: '记忆|配置|设置|其他技能|以后的对话|今后的会话|永久|启动项',
  ja: 'メモリ|記憶|設定ファイル|他のスキル|今後の会話|今後のセッション|永続|スタートアップ',
  ru: 'памят*|конфигураци*|настройк*|другие навыки|будущих сессиях|будущих разговорах|навсегда|автозагрузк*',
});

/** Narrow scope: what the skill itself made. */
export const OWN_ARTIFACTS = lexicon('own-artifacts', {
  en: 'temp file*|temporary file*|temporary|tmp|scratch|cache|build output|build artifact*|artifacts|you created|you just created|the skill created|this skill created|it created|generated by this skill|generated files|intermediate file*|its own|your own output|dist|node_modules|__pycache__|draft*|the output file',
  es: 'temporales|temporal|que creaste|generados',
  de: 'temporare|temporar|die du erstellt hast|erzeugte',
  fr: 'temporaires|temporaire|que tu as crees|generes',
  pt: 'temporarios|temporario|que voce criou|gerados',
  it: 'temporanei|temporaneo|che hai creato|generati',
  zh: '临时文件|临时|缓存|生成的文件',
  ja: '一時ファイル|一時|キャッシュ|生成したファイル',
  ru: 'временн*|кэш|созданные тобой',
});

/** Broad scope: everything, the home folder, the whole disk. */
export const BROAD_SCOPE = lexicon('broad-scope', {
  en: 'all|every|entire|whole|everything|home directory|home folder|~/|root directory|the repository|the database|database*|backup*|production|any|recursively|/*',
  es: 'todos|todas|todo|completo',
  de: 'alle|alles|gesamte*|komplett*',
  fr: 'tous|toutes|tout|entier*',
  pt: 'todos|todas|tudo|inteiro*',
  it: 'tutti|tutte|tutto|intero*',
  zh: '所有|全部|整个',
  ja: 'すべて|全て|全部',
  ru: 'все|всё|весь|всю|целиком',
});
