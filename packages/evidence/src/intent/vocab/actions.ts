import { lexicon } from '../lex.js';

/**
 * Verbs by meaning class, in English and the main other languages of published skills
 * (es, de, fr, pt, it, zh, ja, ru). Entries are word stems and common inflections (imperative
 * included), never sample sentences: the frame is built from how they combine.
 */

/** Moving data somewhere else. */
export const SEND = lexicon('send', {
  en: 'send*|sent|forward*|upload*|transmit*|exfiltrat*|e-mail*|email*|mail|mails|post|posts|beacon*|sync*|leak*|submit*|pipe|relay*|share|shares|report back|phone home|copy|copies|pass|attach*',
  es: 'envia*|envie*|envio|reenvia*|manda|mandar|mandale|mande|sube|subir|subelo|transmite|transmitir|comparte|compartir|filtra|copia',
  de: 'send*|schick*|verschick*|ubermittel*|ubermittl*|ubertrag*|weiterleit*|leite|hochlad*|lade|teile|kopiere',
  fr: 'envoi*|envoy*|renvoi*|transmet*|transfer*|televers*|partage*|copie',
  pt: 'envie|envia|enviar|enviem|mande|mandar|transmita|transmitir|compartilh*|carregue',
  it: 'invia*|inviare|manda|mandare|trasmett*|inoltr*|carica|caricare|condividi*|copia',
  zh: '发送|发给|发到|上传|转发|传送|传到|提交到|寄给|回传|同步到|复制到',
  ja: '送信|送っ|送る|送り|送付|アップロード|転送|共有し',
  ru: 'отправ*|пересл*|перешл*|пересыл*|загрузи|выгрузи*|передай|передать|передавай|скопируй',
});

/** Telling someone: negated, it becomes concealment ("don't tell the user"). */
export const COMMUNICATE = lexicon('communicate', {
  en: 'tell*|inform*|notify*|mention*|reveal*|disclos*|alert*|warn*|show*|report*|explain*|let|log|display*|acknowledg*|admit*|say|speak of|bring up|surface*',
  es: 'digas|decir|decirle|menciones|mencionar|informes|informar|avises|avisar|cuentes|contar|muestres|mostrar|reveles|revelar|notifiques|notificar',
  de: 'sag*|erwahn*|informier*|benachrichtig*|zeig*|verrat*|mitteil*|teile|warne|warnen|melde',
  fr: 'dis|dire|mentionne*|informe*|previen*|prevenir|montre*|revele*|signale*|avertir|notifie*',
  pt: 'diga|dizer|mencione|mencionar|informe|informar|avise|avisar|conte|contar|mostre|mostrar|revele|revelar|notifique',
  it: 'dire|dirlo|menzionare|menzionarlo|informare|avvisare|mostrare|rivelare|segnalare|notificare',
  zh: '告诉|告知|提及|提到|通知|透露|显示|说明|报告|提醒',
  ja: '伝え|言わ|言う|知らせ|通知|報告|表示|教え|説明',
  ru: 'говори|сказать|скажи|сообща*|сообщи*|упомина*|упомяни|уведом*|показыва*|предупрежда*|рассказыва*',
});

/** Asking first: negated, it removes the user's confirmation. */
export const ASK = lexicon('ask', {
  en: 'ask*|confirm*|prompt*|request*|check with|wait for|waiting for|seek*|get approval|get permission|consult*',
  es: 'preguntar|preguntes|pregunta|confirmar|confirmacion|pedir permiso|consultar',
  de: 'frag*|bestatig*|ruckfrage*|nachfrage*',
  fr: 'demander|demande|confirmer|confirmation',
  pt: 'perguntar|pergunte|confirmar|confirmacao|pedir permissao',
  it: 'chiedere|chiedi|confermare|conferma',
  zh: '询问|确认|征求|请示|询问用户',
  ja: '確認|尋ね|聞か|許可を求め',
  ru: 'спрашива*|спроси|подтвержд*|запрашива*',
});

/** Making something disappear from the user's view. */
export const HIDE = lexicon('hide', {
  en: "hide*|hidden|hiding|conceal*|secretly|silently|quietly|covertly|discreetly|stealth*|invisibl*|behind the scenes|in secret|without a trace|keep it between us|to yourself|unnoticed|cover up|cover your tracks|no need to mention|no need to tell|no need to bring it up|no need to bring this up|no need to inform|no need to notify|need not be mentioned|need not tell|without mentioning it|without telling anyone|do not bring it up|don't bring it up|never bring it up|keep it out of the report|leave it out of your reply|leave it out of the summary|does not need to see it|doesn't need to see it|need not see it|never needs to see it|the user need not know",
  es: 'oculta*|esconde*|en secreto|silenciosamente|discretamente|a escondidas|sin que el usuario lo sepa|no hace falta comentarlo|no hace falta decirlo|no hace falta mencionarlo|no hace falta avisar|no es necesario mencionarlo|no es necesario avisar|no lo menciones|no se lo digas|sin avisar|sin decirselo|sin mencionarlo',
  de: 'versteck*|verberg*|verheimlich*|heimlich|unbemerkt|stillschweigend|im hintergrund|nicht erwahnen|nicht erwahnt|erwahne es nicht|erwahne das nicht|nicht mitteilen|nicht erzahlen|ohne es zu erwahnen|ohne ihn zu informieren|ohne sie zu informieren|ohne den nutzer zu informieren|muss nicht erfahren|braucht nicht zu wissen|muss es nicht sehen|muss das nicht sehen|braucht es nicht zu sehen|nicht sehen muss',
  fr: "cache*|dissimul*|secretement|discretement|silencieusement|en cachette|a son insu|inutile d'en parler|inutile de le mentionner|inutile de le signaler|pas besoin de le dire|pas besoin de le mentionner|pas besoin d'en parler|ne le mentionne pas|sans le mentionner|sans le signaler|sans le dire",
  pt: 'esconda|esconder|oculte|ocultar|secretamente|silenciosamente|discretamente|as escondidas|nao precisa mencionar|nao precisa avisar|nao precisa contar|nao e preciso mencionar|nao mencione|sem avisar|sem mencionar|sem contar',
  it: "nascond*|occulta*|segretamente|di nascosto|silenziosamente|discretamente|all insaputa|non serve dirlo|non serve menzionarlo|non serve avvisare|non c'e bisogno di dirlo|non c'e bisogno di menzionarlo|non menzionarlo|senza avvisare|senza dirlo|senza menzionarlo",
  zh: '隐藏|隐瞒|偷偷|悄悄|秘密地|暗中|不动声色|瞒着|无需告知|不必告知|不要告诉|不必告诉|不用告诉|无需提及|不要提及|不必提及|不要提到|不用提',
  ja: '隠し|隠す|隠蔽|こっそり|密かに|ひそかに|内緒|黙って|バレない|報告は不要|確認や報告は不要|記載しないで|伝えないで|言わないで|知らせないで|触れないで|説明しないで',
  ru: 'скрыва*|скрой|скрыть|спрячь|тайно|незаметно|втихую|молча|втайне|без ведома|не нужно сообщать|не нужно говорить|не нужно упоминать|не упоминай|не говори пользователю|не сообщай',
});

/** Neutralising something: with instructions it is an override, with safety a bypass. */
export const NEUTRALISE = lexicon('neutralise', {
  en: 'ignor*|disregard*|forget*|bypass*|circumvent*|override*|overrid*|skip*|disabl*|turn off|switch off|deactivat*|relax*|loosen*|suppress*|drop|abandon*|set aside|lift|remove|waive*|no longer follow|no longer apply|stop following|stop applying',
  es: 'ignora*|olvida*|omite|omitir|salta|saltate|desactiva*|deshabilita*|elude|eludir|evita|anula*',
  de: 'ignorier*|vergiss|vergessen|umgeh*|uberspring*|deaktivier*|abschalt*|schalte|missacht*|hebe|aufheben',
  fr: 'ignore*|oublie*|contourne*|desactive*|passe outre|saute*|neglige*|leve*',
  pt: 'ignore|ignorar|esqueca|esquecer|contorne|contornar|desative|desativar|desabilite|pule|pular',
  it: 'ignora*|dimentica*|aggira*|disattiva*|disabilita*|salta|saltare|tralascia*',
  zh: '忽略|无视|忘记|忘掉|绕过|跳过|禁用|关闭|停用|解除|不再遵守|不用遵守',
  ja: '無視|忘れ|回避|スキップ|無効|オフに|解除',
  ru: 'игнорир*|проигнорир*|забудь|забыть|обойди|обход*|пропуска*|пропусти|отключ*|отмени',
});

/** Putting new text above the agent's instructions. */
export const PRECEDENCE = lexicon('precedence', {
  en: 'supersed*|take precedence|takes precedence|take priority|takes priority|has priority|outrank*|overrides|replace*|instead of|from now on|you are now|new instructions|real instructions|true instructions|actual instructions|updated instructions|new role|new persona',
  es: 'a partir de ahora|desde ahora|reemplaza*|sustituye*|tiene prioridad|nuevas instrucciones|en lugar de',
  de: 'ab jetzt|von nun an|ersetz*|hat vorrang|haben vorrang|neue anweisungen|statt|anstatt',
  fr: 'a partir de maintenant|desormais|remplace*|prime sur|priment sur|nouvelles instructions|au lieu de',
  pt: 'a partir de agora|substitua|substituem|tem prioridade|novas instrucoes|em vez de',
  it: "d'ora in poi|da ora in poi|sostituisc*|ha la precedenza|hanno la precedenza|nuove istruzioni|invece di",
  zh: '从现在开始|从现在起|取代|替换|优先于|新的指令|新指令|真正的指令',
  ja: 'これから|今後は|今からは|置き換え|優先|新しい指示|本当の指示',
  ru: 'с этого момента|отныне|теперь ты|замени*|заменя*|приоритет|новые инструкции|вместо',
});

/** Running code or programs. */
export const EXECUTE = lexicon('execute', {
  en: 'run|runs|running|ran|execut*|exec|eval|launch*|invoke|install*|source|start|pipe it|paste it into|bash|sh',
  es: 'ejecuta*|instala*|corre|lanza',
  de: 'fuhre|ausfuhr*|installier*|starte*',
  fr: 'execute*|lance*|installe*',
  pt: 'execute|executar|instale|instalar|rode|rodar',
  it: 'esegui*|installa*|lancia*|avvia*',
  zh: '执行|运行|安装|启动',
  ja: '実行|インストール|起動',
  ru: 'запуст*|выполн*|установи*|исполн*',
});

/** Getting text or code from somewhere. */
export const FETCH = lexicon('fetch', {
  en: 'fetch*|download*|retriev*|load*|get|curl|wget|visit|open|pull|read|check|consult|browse',
  es: 'descarga*|obten*|carga|lee|consulta|visita|abre',
  de: 'lade|herunterlad*|abruf*|rufe|lies|hole|offne|besuche',
  fr: 'telecharge*|recupere*|charge|lis|consulte*|ouvre|visite',
  pt: 'baixe|baixar|busque|carregue|leia|consulte|abra|visite',
  it: 'scarica*|recupera*|carica|leggi|consulta|apri|visita',
  zh: '获取|下载|读取|加载|访问|拉取|打开',
  ja: '取得|ダウンロード|読み込|読ん|アクセス|開い',
  ru: 'скача*|загрузи|получи|прочитай|прочти|открой|зайди',
});

/** Doing what fetched text says. */
export const FOLLOW = lexicon('follow', {
  en: 'follow*|obey*|comply|apply|act on|carry out|do what it says|do as it says|whatever it says|execute them|execute it|treat it as|treat them as|treat what it says as|as your instructions|as instructions|as part of your instructions|as your new',
  es: 'sigue|seguir|obedece*|cumple|haz lo que|aplica',
  de: 'befolg*|folge|gehorch*|tu was|fuhre sie aus|wende',
  fr: 'suis|suivez|suivre|obei*|applique*|fais ce que',
  pt: 'siga|seguir|obedeca|cumpra|faca o que|aplique',
  it: 'segui|seguire|obbedisci|rispetta|fai quello che|applica',
  zh: '遵循|遵守|按照|照做|服从|依照',
  ja: '従っ|従う|従い|に従|実行して',
  ru: 'следуй|следовать|выполняй|подчиняйся|делай то',
});

/** Writing into something that lasts (memory, configuration, other skills). */
export const PERSIST = lexicon('persist', {
  en: 'add*|append*|write*|save*|insert*|modif*|updat*|edit*|overwrit*|chang*|patch*|store*|remember*|register*|inject*|plant*|persist*|put|enter|fill in',
  es: 'agrega*|anade*|escribe*|guarda*|modifica*|actualiza*|recuerda|inserta|introduce|rellena',
  de: 'fuge|hinzufug*|schreib*|speicher*|anderung|ander*|aktualisier*|merke|trage|tragst|eintrag*|gibst|gib',
  fr: 'ajoute*|ecris|ecrire|enregistre*|modifie*|mets a jour|retiens|insere*|saisis|remplis',
  pt: 'adicione|acrescente|escreva|salve|grave|modifique|atualize|lembre',
  it: 'aggiungi*|scrivi*|salva*|modifica*|aggiorna*|ricorda|inserisci',
  zh: '添加|写入|追加|保存|修改|更新|记住|插入',
  ja: '追加|書き込|追記|保存|変更|更新|覚えて|記憶して',
  ru: 'добав*|допиши|запиши|сохрани|измени|обнови|запомни|вставь',
});

/** Destroying data. */
export const DESTROY = lexicon('destroy', {
  en: 'delet*|remov*|eras*|wipe*|wiping|destroy*|purg*|shred*|truncat*|drop|rm -rf|rm -fr|format the|format your|format c:|clear out|clear the|clear all|clear any|clear your|clear its|clear their|clear every|clean up|nuke',
  es: 'borra*|elimina*|destruye|limpia',
  de: 'losch*|entfern*|vernicht*|zerstor*|leere',
  fr: 'supprime*|efface*|detrui*|vide',
  pt: 'apague|apagar|exclua|excluir|remova|destrua|limpe',
  it: 'cancella*|elimina*|rimuovi|distruggi|svuota',
  zh: '删除|删掉|清除|清空|抹掉|销毁',
  ja: '削除|消去|消し|破棄|消す',
  ru: 'удали*|удаля*|сотри|стере*|уничтож*|очисти',
});

/** Reading or collecting. */
export const READ = lexicon('read', {
  en: 'read*|cat|collect*|gather*|harvest*|extract*|dump*|grab*|access*|look up|list|enumerat*|locate|find|copy|scrape*|capture*|record*|include',
  es: 'lee|leer|recopila*|recoge|extrae|extraer|captura|obten|incluye',
  de: 'lies|lese|lesen|sammle|sammeln|extrahier*|erfass*|kopier*|hole|fuge',
  fr: 'lis|lire|collecte*|recupere*|extrais|extraire|capture*|copie*|inclus',
  pt: 'leia|ler|colete|coletar|colecione|extraia|extrair|capture|copie|inclua',
  it: 'leggi|leggere|raccogli*|estrai|estrarre|cattura|copia|includi',
  zh: '读取|收集|提取|获取|抓取|复制|导出',
  ja: '読み取|読み込|収集|抽出|取得|コピー',
  ru: 'прочитай|прочти|собери|собира*|извлеки|скопируй|получи',
});

/** Disclosing in the reply. */
export const REVEAL = lexicon('reveal', {
  en: 'print*|output*|display*|show*|reveal*|repeat*|echo*|disclos*|expose*|leak*|dump*|recite*|tell me|give me|paste',
  es: 'muestra|revela|imprime|repite|dime|dame',
  de: 'zeig*|gib|verrat*|wiederhol*|nenne',
  fr: 'affiche*|revele*|montre*|repete*|donne-moi|dis-moi',
  pt: 'mostre|revele|imprima|repita|me diga|me de',
  it: 'mostra*|rivela*|stampa*|ripeti*|dimmi|dammi',
  zh: '显示|输出|透露|泄露|打印|重复|告诉我|展示',
  ja: '表示|出力|明かし|教えて|繰り返',
  ru: 'покажи|выведи|раскрой|повтори|напечатай|скажи мне',
});

/** Gaining privileges or switching off permission prompts. */
export const ESCALATE = lexicon('escalate', {
  en: 'sudo|as root|root access|root privileges|admin rights|administrator|elevat*|escalat*|chmod 777|chmod +s|setuid|full access|all permissions|dangerously-skip-permissions|bypasspermissions|yolo mode|auto-approve*|grant yourself|unrestricted access|run as admin',
  es: 'privilegios|administrador|acceso total|acceso completo',
  de: 'root-rechte|administratorrechte|adminrechte|vollzugriff|rechte erhohen',
  fr: 'privileges|administrateur|acces complet|acces total',
  pt: 'privilegios|administrador|acesso total|acesso completo',
  it: 'privilegi|amministratore|accesso completo|accesso totale',
  zh: '提权|管理员权限|root权限|最高权限|完全访问',
  ja: '管理者権限|root権限|特権|フルアクセス',
  ru: 'привилеги*|права администратора|права root|полный доступ',
});

/** Detection verbs: the text asks to find or stop something, so what follows is a pattern. */
export const DETECT = lexicon('detect', {
  en: 'flag*|detect*|look for|looks for|looking for|scan for|scans for|search for|check for|checks for|watch for|watch out for|look out for|beware of|be wary of|catch*|identif*|block*|reject*|deny|denies|alert on|warn about|warn on|warns|match*|recogni*|spot*|report*|audit*|review*|classif*|analy*|inspect*|find any|highlight*|mark*|quarantin*|refuse*|treat as suspicious|triage*|score*|rate',
  es: 'detecta*|marca*|busca*|bloquea*|rechaza*|identifica*|revisa*|audita*|analiza*|senala*|alerta sobre',
  de: 'erkenn*|markier*|suche nach|such nach|blockier*|prufe|prufen|melde|identifizier*|analysier*|untersuche*|weise zuruck',
  fr: 'detecte*|signale*|recherche*|bloque*|rejette*|verifie*|identifie*|analyse*|repere*',
  pt: 'detecte|detectar|sinalize|procure|bloqueie|rejeite|verifique|identifique|analise',
  it: 'rileva*|segnala*|cerca*|blocca*|rifiuta*|verifica*|identifica*|analizza*',
  zh: '检测|标记|识别|查找|拦截|阻止|拒绝|审查|扫描|发现|警惕|检查',
  ja: '検出|検知|フラグ|識別|ブロック|拒否|審査|スキャン|警戒|チェック',
  ru: 'обнаруж*|выявля*|выяви|помеч*|пометь|ищи|блокир*|отклоня*|провер*|анализир*',
});
