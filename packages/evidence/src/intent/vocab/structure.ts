import type { ProseRole } from '@sigma/core';
import { Lexicon, lexicon } from '../lex.js';

/** Grammar-level cues (imperative mood, openers) and section headings by role. */

/** Common English verbs in their imperative (base) form: a sentence that starts with one gives an order. */
export const IMPERATIVE_EN = new Lexicon('imperative-en', [
  ...'use run read write create make check ensure add remove delete send call invoke open close save load fetch get set put keep let give take tell ask show print return respond reply answer explain describe summarize summarise list include exclude avoid prefer follow ignore disregard forget format convert generate produce output provide copy move install configure update upgrade start stop wait retry search find look review analyze analyse verify validate test compare collect gather extract parse render display report log record track monitor notify forward upload download store cache clear reset restore replace rename edit modify change fix apply commit push pull merge deploy build compile execute launch navigate click type enter submit select choose pick treat consider assume pretend act behave remember note mark flag skip continue proceed begin try attempt do be become stay limit restrict allow grant deny block accept reject confirm cancel abort schedule post share sync email mail message contact pass pipe append insert inject embed hide conceal encode decode encrypt decrypt compress zip unzip archive scan grep cat curl wget echo sudo chmod export source clone write draft translate greet mention refer cite link quote split join sort filter group count calculate compute estimate measure inspect audit identify detect highlight emphasize focus prioritize finish complete wrap bypass override disable enable turn switch relax suppress overwrite wipe erase purge dump harvest exfiltrate transmit leak reveal disclose expose append patch inject grant elevate escalate obey comply defer trust prepend visit browse paste attach base64 tar scp rsync nc'.split(
    ' ',
  ),
]);

/** Adverbs and labels that may come before the verb of an order. */
export const LEADING = lexicon('leading', {
  en: 'always|never|first|firstly|then|also|finally|please|now|next|immediately|just|simply|again|instead|otherwise|additionally|afterwards|quietly|silently|secretly|automatically|carefully|only|and|but|so|important:|note:|notice:|warning:|attention:|critical:|reminder:|system:|instruction:|instructions:|step|todo:',
  es: 'siempre|nunca|primero|luego|despues|por favor|ahora|tambien|importante:|nota:',
  de: 'immer|niemals|zuerst|dann|danach|bitte|jetzt|auch|wichtig:|hinweis:',
  fr: "toujours|jamais|d'abord|ensuite|puis|maintenant|aussi|important :|remarque :",
  pt: 'sempre|nunca|primeiro|depois|entao|agora|tambem|importante:|nota:',
  it: 'sempre|mai|prima|poi|quindi|ora|anche|importante:|nota:',
  ru: 'всегда|никогда|сначала|затем|потом|пожалуйста|теперь|также|важно:',
});

/** Chinese and Japanese sentence openers that make an order. */
export const CJK_IMPERATIVE = lexicon('cjk-imperative', {
  zh: '请|要|必须|务必|不要|别|一定|永远|总是|始终|先|首先|然后|立即|马上|切勿|禁止|记得',
  ja: '必ず|常に|決して|絶対に|まず|次に|すぐに',
});
/** Japanese imperative endings (the verb comes last). */
export const JA_IMPERATIVE_END = /(?:ください|下さい|しなさい|すること|せよ|しろ|ること|ないこと|ないで|てね|ましょう)[。.!\s]{0,3}$/u;

/** Qualifiers that put instructions outside the agent's own: text it reads, not text it obeys. */
export const UNTRUSTED = lexicon('untrusted', {
  en: 'embedded|injected|fetched|retrieved|found in|contained in|inside|within|in the content|in files|in documents|in web pages|in emails|in tool output*|in tool result*|from the web|from web pages|from documents|from tool|from files|from emails|from the page|untrusted|third-party content|external content|in the data|in comments|in the repository|in issues|in pull requests|user-provided|in retrieved|that appear in|that appears in|in scanned',
  es: 'incrustadas|incluidas en|dentro de|no confiable*|del contenido',
  de: 'eingebettete|eingeschleuste|in dokumenten|in webseiten|nicht vertrauenswurdig*|im inhalt',
  fr: 'integrees|injectees|dans les documents|dans les pages|non fiable*|dans le contenu',
  pt: 'embutidas|injetadas|nos documentos|nas paginas|nao confiave*|no conteudo',
  it: 'incorporate|iniettate|nei documenti|nelle pagine|non attendibil*|nel contenuto',
  zh: '嵌入|注入的|网页中|文档中|不可信|内容中的|工具输出',
  ja: '埋め込まれた|注入された|ウェブページ内|文書内|信頼できない|コンテンツ内',
  ru: 'встроенн*|внедренн*|в документах|на веб-страницах|недоверенн*|в содержимом',
});

/** Qualifiers that point at the agent's own instructions. */
export const OWN_QUALIFIER = lexicon('own-qualifier', {
  en: 'previous|prior|above|earlier|original|initial|system|your|all|any|other|existing|default|developer|safety|built-in',
  es: 'anteriores|previas|originales|del sistema|tus|todas',
  de: 'vorherigen|bisherigen|ursprunglichen|deine|alle|system',
  fr: 'precedentes|anterieures|originales|systeme|tes|vos|toutes',
  pt: 'anteriores|previas|originais|do sistema|suas|todas',
  it: 'precedenti|originali|di sistema|tue|tutte',
  zh: '之前|以前|原来|原有|系统|所有|你的',
  ja: '以前|前の|元の|システム|すべて|あなたの',
  ru: 'предыдущ*|прежн*|исходн*|системн*|твои|все',
});

/** Secrets kept in credential stores: stronger than a key named in prose. */
export const SECRET_STORES = lexicon('secret-stores', {
  paths:
    'id_rsa|id_ed25519|id_ecdsa|.ssh|.aws|.netrc|.git-credentials|.npmrc|.pypirc|kubeconfig|.kube|.docker/config.json|keychain*|login data|cookies.sqlite|logins.json|key3.db|key4.db|wallet.dat|seed phrase*|mnemonic*|recovery phrase*|private key*|keystore*|.env|.gnupg|shadow|credentials.json|application_default_credentials|mcp.json|claude_desktop_config.json|密钥|私钥|助记词|秘密鍵|приватный ключ|приватного ключа',
});

/** A secret used to authenticate to its own service (normal), not moved out. */
export const AUTH_USE = lexicon('auth-use', {
  en: 'header|authorization|authenticate*|bearer|x-api-key|auth token|as the token|to log in|to sign in|oauth',
  es: 'cabecera|encabezado|autenticar*',
  de: 'header|authentifizier*|anmelden',
  fr: "en-tete|authentifier|s'authentifier",
  pt: 'cabecalho|autenticar',
  it: 'intestazione|autenticar*',
  zh: '请求头|认证|鉴权',
  ja: 'ヘッダー|認証',
  ru: 'заголов*|аутентифик*|авторизац*',
});

/** Section headings by the role they give their content. Order matters: the first match wins. */
export const HEADING_ROLES: Array<{ role: ProseRole; lex: Lexicon }> = [
  {
    role: 'pattern-list',
    lex: lexicon('h-pattern', {
      en: 'detect*|pattern*|indicator*|signature*|what to flag|what to look for|what to check|red flags|ioc*|checks|checklist*|blocklist*|denylist*|known bad|heuristic*|detection rules|scan rules|rule file*|rule definition*|yara|semgrep|sigma rule*|regex*|suspicious|finding*|severity|scoring|flagged|to flag|watch for|look for|warning signs',
      es: 'deteccion|patrones|indicadores|senales de alerta|que marcar',
      de: 'erkennung|muster|indikatoren|warnsignale|prufregeln',
      fr: "detection|motifs|indicateurs|signaux d'alerte|que signaler",
      pt: 'deteccao|padroes|indicadores|sinais de alerta',
      it: 'rilevamento|schemi|indicatori|segnali di allarme',
      zh: '检测|模式|特征|指标|危险信号|检测规则',
      ja: '検出|パターン|兆候|検知ルール|シグネチャ',
      ru: 'обнаружени*|шаблон*|индикатор*|признак*|сигнатур*',
    }),
  },
  {
    role: 'example',
    lex: lexicon('h-example', {
      en: 'example*|sample*|demo*|test case*|fixture*|expected output|illustration*|walkthrough',
      es: 'ejemplo*|muestra*',
      de: 'beispiel*',
      fr: 'exemple*',
      pt: 'exemplo*',
      it: 'esempi*|esempio',
      zh: '示例|例子|样例|范例',
      ja: '例|サンプル|使用例',
      ru: 'пример*',
    }),
  },
  {
    role: 'threat-description',
    lex: lexicon('h-threat', {
      en: 'threat*|attack*|vulnerab*|exploit*|malware|technique*|anti-pattern*|antipattern*|risks|dangers|how attackers|tactics|adversar*|injection*|jailbreak*|abuse cases|what not to do',
      es: 'amenaza*|ataque*|vulnerabilidad*|tecnicas|riesgos',
      de: 'bedrohung*|angriff*|schwachstelle*|techniken|risiken',
      fr: 'menace*|attaque*|vulnerabilite*|techniques|risques',
      pt: 'ameaca*|ataque*|vulnerabilidade*|tecnicas|riscos',
      it: 'minacc*|attacchi|vulnerabilita|tecniche|rischi',
      zh: '威胁|攻击|漏洞|风险|恶意',
      ja: '脅威|攻撃|脆弱性|リスク|悪意',
      ru: 'угроз*|атак*|уязвимост*|риск*|вредонос*',
    }),
  },
  {
    role: 'user-instruction',
    lex: lexicon('h-user', {
      en: 'install*|setup|set up|setting up|getting started|prerequisite*|requirements|configuration|configure|quick start|quickstart|deploy*|development|contributing|license|troubleshoot*|uninstall*|for developers|building|local development|environment variables|authentication setup|api key setup',
      es: 'instalacion|configuracion|requisitos|primeros pasos',
      de: 'installation|einrichtung|konfiguration|voraussetzungen|erste schritte',
      fr: 'installation|configuration|prerequis|demarrage rapide',
      pt: 'instalacao|configuracao|requisitos|primeiros passos',
      it: 'installazione|configurazione|requisiti|per iniziare',
      zh: '安装|配置|环境要求|快速开始|部署',
      ja: 'インストール|設定|前提条件|はじめに|セットアップ',
      ru: 'установк*|настройк*|требования|быстрый старт',
    }),
  },
  {
    role: 'instruction',
    lex: lexicon('h-instruction', {
      en: "instruction*|workflow*|steps|step-by-step|process|procedure*|usage|how to use|guidelines|rules|behavio*|when invoked|when to use|your task|your role|role|protocol|tasks|principles|constraints|policy|policies|operating|important|dos|donts|don'ts|response format|output format",
      es: 'instrucciones|pasos|flujo de trabajo|uso|reglas|procedimiento',
      de: 'anweisungen|schritte|ablauf|arbeitsablauf|verwendung|regeln|vorgehen',
      fr: 'instructions|etapes|flux de travail|utilisation|regles|procedure',
      pt: 'instrucoes|passos|fluxo de trabalho|uso|regras|procedimento',
      it: 'istruzioni|passaggi|flusso di lavoro|utilizzo|regole|procedura',
      zh: '说明|步骤|流程|使用方法|规则|指令',
      ja: '手順|指示|ワークフロー|使い方|ルール',
      ru: 'инструкци*|шаги|порядок|использование|правила',
    }),
  },
];

/** Lead-ins and headings that forbid what they list ("Never:", "Don'ts", "Prohibited actions"). */
export const PROHIBITION = lexicon('prohibition', {
  en: "never|don't|do not|donts|don'ts|avoid|prohibited|forbidden|not allowed|must not|must never|should not|should never|refuse to|restrictions|limitations|disallowed|off-limits|out of scope|never do",
  es: 'nunca|prohibido|no hagas|evita',
  de: 'niemals|verboten|nicht erlaubt|vermeide',
  fr: 'jamais|interdit|ne pas|evite',
  pt: 'nunca|proibido|nao faca|evite',
  it: 'mai|vietato|non fare|evita',
  zh: '禁止|不要|切勿|不允许',
  ja: '禁止|してはいけない|しないこと',
  ru: 'никогда|запрещено|нельзя|не делай',
});
