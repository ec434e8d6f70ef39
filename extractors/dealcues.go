package extractors

// dealCue is a phrase that reports a deal: a verb ("rachète", "signed"),
// a noun ("a deal with", "le rachat de") or a fixed expression ("in talks").
type dealCue struct {
	// typ is the deal type the cue implies; empty for generic cues ("deal",
	// "accord") whose type comes from the clause around them.
	typ string
	// status is the status the cue implies by itself ("bid for": talks);
	// empty when the clause's modality decides.
	status string
	// gives: the subject gives rather than gets (sell, cède, license out).
	gives bool
	// passive: the subject is the thing given ("racheté par", "acquired
	// by"), and the party after the cue is the one who gets it.
	passive bool
	// plural: the cue names several deals ("accords", "deals"), one per
	// counterparty.
	plural bool
	// verbOnly: the cue is its first word, the rest of the match the
	// context it needs, where the counterparty may stand ("intègre Disney+
	// à son offre").
	verbOnly bool
	re       *pattern
}

// dealCues, most specific first: where two cues overlap, the one listed
// first wins.
var dealCues = []dealCue{
	// Passive and participial forms: the party after the cue acquires.
	{typ: Acquisition, passive: true, re: cueRe(`(?i)\b(?:pass\w* sous (?:le )?contrôle d[eu]|tomb\w* dans (?:l['’]escarcelle|le giron) d[eu]|(?:comes?|came|coming) under (?:the )?(?:full )?control of|(?:was|were|been|being|is|are|be) (?:\w+ )?(?:acquired|bought|purchased|taken over)|(?:a|ont|avait|avaient|sera|seront) été (?:\w+ )?(?:rachet|acqu?is|repris|vendu|cédé)\w*|racheté(?:e|s|es)? par|acquis(?:e|es)? par|repris(?:e|es)? par|cédé(?:e|s|es)? (?:à|au|aux)|vendu(?:e|s|es)? (?:à|au|aux)|acquired by|bought by|purchased by|sold to)\b`)},
	// Getting rights is licensing, whatever the verb.
	{typ: Licensing, re: cueRe(`(?i)\b(?:won|wins|winning|récup[eéè]r\w*|regain(?:s|ed)?|scor(?:e|es|ed|ing)|secured?|secures|securing|clinch(?:es|ed|ing)?|bag(?:s|ged|ging)?|snag(?:s|ged|ging)?|nab(?:s|bed|bing)?|grab(?:s|bed|bing)?|s['’]assur\w*|landed|lands|scooped|picked up|picks up|acquired|acquires?|bought|buys|obtained|gets|got|remport\w*|rafl\w*|obten\w*|obtenu|décroch\w*|acquis|acquiert|acquièrent|rachète|a racheté|achet\w*|achète\w*|s['’]offr\w*)\s+(?:\S+\s+){0,6}?(?:l['’]|d['’])?(?:rights?|droits|exclusivité|licen[cs]es?)\b`)},
	{typ: Licensing, re: cueRe(`(?i)\b(?:licen[cs](?:es|ed|ing)|under licen[cs]e|licen[cs]e (?:deal|agreement)|licensing (?:deal|agreement)|accord de licence|(?:broadcast|broadcasting|streaming|tv|television|film|screen|media|exclusive|audiovisual|digital|adaptation|distribution) rights|rights to (?:stream|broadcast|air|show|premiere|distribute|screen|adapt)|droits (?:de diffusion|de retransmission|tv|télé|audiovisuels|exclusifs|d['’]adaptation|internationaux|domestiques|sportifs)|to (?:broadcast|stream|air|screen) (?:the|its|a|all|this|\d)|diffusera|diffuseront|va diffuser|vont diffuser)\b`)},
	// Acquisitions.
	{typ: Acquisition, status: Talks, re: cueRe(`(?i)\b(?:(?:takeover|buyout|buy-out|cash|tender|hostile|rival|revised|sweetened) (?:bid|offer)s?|(?:bid|offer)s? (?:for|to buy|to acquire)|offre (?:publique d['’]achat|de rachat|d['’]achat)|OPA|propositions? de rachat|intéressée? par (?:le rachat|l['’]acquisition|la reprise))\b`)},
	{typ: Acquisition, gives: true, re: cueRe(`(?i)\b(?:sell(?:s|ing)?|sold|divest(?:s|ed|ing)?|offload(?:s|ed|ing)?|hiv(?:e|es|ed|ing) off|(?:the )?sale of|spin(?:s|ning)? off|spun off|cède|cèdent|céder|cédant|a cédé|ont cédé|avait cédé|cession|vend|vendent|vendre|vendu|vendant|la vente d[eu])\b`)},
	{typ: Acquisition, re: cueRe(`(?i)\b(?:acquir(?:e|es|ed|ing)|acquisitions? of|acquisitions?|buy(?:s|ing)?|bought|buy-?out|purchas(?:e|es|ed|ing)|takes? over|took over|taking over|taken over|takeover|snap(?:s|ped)? up|swallow(?:s|ed)?|rach[eè]t(?:e|es|ent|er|ait|aient|é|ée|és|ées|ant)|rachat|acqui[eè]r(?:t|ent|ir|ant)|a acquis|ont acquis|acquisition|s['’]empar(?:e|er|ent|ant|é)|met(?:tre|tent)? la main (?:\S+ ){0,3}?sur|mis la main (?:\S+ ){0,3}?sur|reprend(?:re)?|a repris|la reprise d[eu]|absorb\w*|s['’]offr(?:e|ent|ir|ait|ant|ira)|se sont offert|s['’]est offert)\b`)},
	// Control, and auctions won: "prend le contrôle de", "won the bidding
	// war for" (a work's rights are licensed, see dealType).
	{typ: Acquisition, re: cueRe(`(?i)\b(?:(?:take|takes|took|taken|taking|gain|gains|gained|gaining|seize|seized|assume|assumed) (?:full |majority |effective )?control (?:of|over)|(?:prend|prennent|prendre|prendra|pris|prenant) (?:\S+ ){0,2}?le contrôle (?:de|d['’]|du|des)|prise de contrôle|(?:won|wins|winning|win) (?:a |the )?(?:\S+ )?(?:bidding war|auction) (?:for|over)|remport\w* (?:les |la )?(?:enchères|mise aux enchères))\b`)},
	// An amount offered for a company: a bid.
	{typ: Acquisition, status: Talks, re: cueRe(`(?i)\b(?:offer(?:s|ed|ing)?|bid|bids|bidding|propos(?:e|es|ed|ing)|propos(?:e|ent|é|ait)|offr(?:e|ent|ait|ant)|a offert|ont offert) (?:\S+ ){0,2}?\S*[\d$€£¥]\S* (?:\S+ ){0,3}?(?:for|pour)\b`)},
	// An amount paid for a company or for rights: "is paying $200 million
	// for Gimlet" (rights are licensed, see dealType).
	{typ: Acquisition, re: cueRe(`(?i)\b(?:pa(?:y|ys|ying|id)|pai(?:e|ent|era)|pay(?:é|e|ent|era)|vers(?:e|é|era)|débours\w*|dépens\w*|shell(?:s|ed)? out|forked? out) (?:\S+ ){0,2}?\S*[\d$€£¥]\S* (?:\S+ ){0,3}?(?:for|pour)\b`)},
	// Mergers.
	{typ: Merger, re: cueRe(`(?i)\b(?:combin(?:e|ed|ing) to (?:form|create)|(?:will|to|agreed to|plan to|plans to) combine|combined (?:company|group|entity)|combination (?:of|with|between)|merg(?:e|es|ed|er|ers|ing)|fusion(?:s|ner|nent|né|née)?|fusionn\w*|rapprochement|marriage between|mariage entre)\b`)},
	// Investments; stakes in several companies are one deal each.
	{typ: Investment, plural: true, re: cueRe(`(?i)\b(?:(?:minority |small |\S+ )?(?:stakes|holdings) in|participations (?:minoritaires )?(?:dans|au capital d[eu]))\b`)},
	{typ: Investment, re: cueRe(`(?i)\b(?:(?:become|becomes|became|becoming) (?:the |a )?(?:\S+ )?(?:shareholder|owner|investor) (?:of|in)|(?:devient|devenu|devenir|deviendra|devenant) (?:l['’]|le |un )?(?:\S+ )?(?:actionnaire|propriétaire|investisseur) (?:\S+ )?(?:de|du|d['’])|invest(?:s|ed|ing|ment|ments)? (?:in|into)|investi\w* (?:dans|au capital)|invest(?:s|ed|ing)? (?:(?:up to|about|around|some|nearly|more than|over|an additional|another|a further) )?\S*\d\S*(?: (?:million|billion|trillion|bn|mn))?(?: (?:dollars|euros|pounds|yen))? (?:in|into)|investi\w* (?:(?:jusqu['’]à|environ|près de|plus de) )?\S*\d\S*(?: (?:millions?|milliards?|M|Md|M€|Md€))?(?: (?:d['’]euros|de dollars|€|\$))? (?:dans|au capital)|(?:minority |\d[\d.,]* ?(?:%|pct|per ?cent|percent) )?(?:stake|holding|interest) (?:in|of)|(?:prise de )?participations? (?:minoritaire |de \d[\d,]* ?% )?(?:dans|au capital|de \d)|entr\w* au capital|au capital d[eu]|lev[ée]e de fonds|funding round|fundraising|(?:owns?|holds?|détient|détiennent|possède) (?:about |some |around |nearly |environ |près de )?\d[\d.,]* ?(?:%|pct|per ?cent|percent) (?:of|in|de|du|dans))\b`)},
	// Partnerships.
	{typ: Partnership, re: cueRe(`(?i)\b(?:join(?:s|ed|ing)? forces|partner(?:s|ed|ing)? (?:with|up)|in partnership|(?:strategic |exclusive |new |global |commercial )?partnerships?|partenariats?|partenaires? (?:technologique|stratégique|commercial|exclusif)\w*|team(?:s|ed|ing)? up|teaming up|team(?:s|ed|ing)? with|s['’]uni(?:ssent|r|ssant)|unissent leurs forces|entreprise commune|offres? communes?|joint[- ]ventures?|alliances?|all(?:y|ies|ied) (?:with|to)|s['’]all(?:ie|ient|ier|iant|ié|iée)|alliée? (?:à|avec)|s['’]associ(?:e|ent|er|ant)|collaborat(?:e|es|ed|ing|ion)|en collaboration|coopération|co-?entreprise|offres? groupées?|bundle[sd]?|bundling)\b`)},
	// A company the parties set up together: "vont créer une société à
	// parts égales", "will launch a joint streaming service".
	{typ: Partnership, re: cueRe(`(?i)\b(?:joint (?:company|entity|platform|service|streaming service|offer|offering|bid|subsidiary|business)|jointly (?:own\w*|launch\w*|run|operat\w*|develop\w*)|pool(?:s|ed|ing)? (?:their|its) (?:\S+ )?(?:resources|assets|rights|content|forces|activities|operations)|(?:société|entreprise|plateforme|structure|filiale|offre|holding) (?:commune|conjointe|détenue à parts égales|à parts égales)|à parts égales|mett(?:re|ent|ront) en commun|mis en commun|mutualis\w*)\b`)},
	// Production.
	{typ: Production, re: cueRe(`(?i)\b(?:renew(?:s|ed|ing)? (?:\S+ ){0,6}?for (?:a |an |its )?(?:\S+ )?(?:season|series|run)|renouvel\w* (?:\S+ ){0,6}?pour une (?:\S+ )?saison|(?:co-?)?produced by|(?:co-?|co)?produite?s? par)\b`)},
	{typ: Production, re: cueRe(`(?i)\b(?:ordered|orders|commissioned|commissions|greenlit|green-?lit|green-?lights?|to (?:produce|develop|create|make) (?:a |an |the |original |new |\d+ )?(?:\w+ )?(?:series|shows?|films?|movies?|content|programm\w*|dramas?|documentar\w*|podcasts?)|co-?produc(?:e|es|ed|ing|tion|tions|er|ers)|coprodu\w*|produced (?:for|with)|(?:production|first-look|overall|development|series) deals?|commandé|commande (?:une|de|d['’]une|la)|produire|produira|produiront|va produire|pour la production|production (?:d['’]une|de la série|du film))\b`)},
	// Distribution.
	{typ: Distribution, status: Ended, re: cueRe(`(?i)\b(?:drop(?:s|ped|ping)? (?:\S+ ){0,3}?(?:channels?|networks?|stations?)|black(?:s|ed)? out|blackout|coupé\w* le signal|retir\w* (?:\S+ ){0,3}?(?:chaînes?)|retirée? de (?:la box|ses box|son bouquet|l['’]offre)|dropped (?:by|from))\b`)},
	// A service or a work arriving on a platform: a work's arrival is
	// licensed (see dealType).
	{typ: Distribution, re: cueRe(`(?i)\b(?:(?:is |are |will be )?(?:coming|comes|moving|moves) to|lands on|landing on|landed on|arriv(?:es|ed|ing) on|débarqu\w* sur|arriv(?:e|ent|era|eront|é|ée|ées|és) sur|rejoin\w* (?:\S+ ){0,2}?(?:le catalogue|la plateforme|l['’]offre))\b`)},
	// A work picked up by a buyer: "Netflix picked up the BBC drama".
	{typ: Licensing, verbOnly: true, re: cueRe(`(?i)\b(?:pick(?:s|ed|ing)? up|acquired|acquires|bought|buys|a acquis|a acheté|achète|rachète) (?:the |a |an |la |le |l['’]|les )?(?:\S+ ){0,3}?(?:drama|dramas|series|show|shows|film|films|movie|movies|documentary|documentaries|docuseries|format|formats|sitcom|comedy|thriller|série|séries|feuilleton|téléfilm|documentaire|long-métrage|émission)\b`)},
	// A service or a show taken off a platform: the carriage has ended.
	{typ: Distribution, status: Ended, verbOnly: true, re: cueRe(`(?i)\b(?:remov(?:e|es|ed|ing)|pull(?:s|ed|ing)?|drop(?:s|ped|ping)?|withdr(?:ew|awn|aws)|retir\w*) (?:\S+ ){0,4}?(?:from|de|du|des) (?:its |their |the |ses |son |sa |leur |leurs |la |l['’])?(?:\S+ )?(?:set-?top box(?:es)?|platforms?|plateformes?|line-?ups?|service|boxes|box|stations|network|airwaves|channel line-?up|TV service|offers?|offres?|packages?|bouquets?|catalogues?)\b`)},
	{typ: Distribution, verbOnly: true, re: cueRe(`(?i)\b(?:intègr\w* (?:\S+ ){0,4}?(?:à|dans) (?:son|sa|ses|leur|leurs) (?:offres?|box|bouquets?|abonnements?|forfaits?|catalogues?)|(?:adds|added|adding|integrat(?:e|es|ed|ing)|bundl(?:e|es|ed|ing)) (?:\S+ ){0,4}?(?:to|in|into|with) (?:its|their) (?:\S+ )?(?:offers?|offerings?|bundles?|packages?|line-?up|boxes|plans?|subscriptions?|tiers?))\b`)},
	{typ: Distribution, re: cueRe(`(?i)\b(?:carriage|carr(?:y|ies|ied|ying)|distribution (?:deal|agreement|pact)s?|accords? de distribution|distribut(?:e|es|ed|ing) (?:by|on|the)|distribu(?:é|ée|és|ées) (?:par|sur)|distribuera|available (?:on|via|through)|disponibles? (?:sur|via|à travers|chez)|set-?top box\w*|décodeurs?)\b`)},
	// Talent.
	{typ: Talent, re: cueRe(`(?i)\b(?:has joined|have joined|will join|to join|joins|joined|hired|hires|hiring|recruit(?:s|ed)|recrut(?:e|é|ée|ent)|rejoint|rejoindra|rejoindre|signe chez|a signé chez|talent deal|appointed|poach(?:es|ed|ing)?|lur(?:e|es|ed|ing)|débauch(?:e|é|ée|er|ent)|(?:signs|signed|a signé|ont signé) _+|sign(?:s|ed|ing)? (?:on )?to (?:present|host|star|front|write|direct|appear|lead|anchor)|(?:quitte|quittent|quittera|leaves|left|leaving|exits|exiting) (?:\S+ ){1,4}?(?:for|pour))\b`)},
	// Generic: the clause tells the type.
	{status: Talks, re: cueRe(`(?i)\b(?:in talks|holding talks|held talks|hold talks|talks (?:with|to|over|about|on)|negotiat(?:e|es|ed|ing|ions?) (?:with|to|over|for)|en (?:discussions?|négociations?)|négoci(?:e|ent|er|ait|ations?) (?:avec|pour)|discussions? (?:avec|with)|(?:talks|discussions?|negotiations) between|(?:discussions?|négociations?|pourparlers) entre)\b`)},
	{plural: true, re: cueRe(`(?i)\b(?:deals|agreements|pacts|contracts|accords|contrats|série d['’]accords)\b`)},
	{re: cueRe(`(?i)\b(?:deal|agreement|pact|contract|accord|contrat|entente|(?:programme|podcast|émission|show|series|série) exclusi(?:f|ve) avec|exclusive (?:podcast|show|series) with|letter of intent|agreement in principle|memorandum of understanding|protocole d['’]accord|tie-?up|signs? with|signed with|signed up with|a signé avec|ont signé avec|signe avec|inked|inks)\b`)},
}

// Modality and context cues.
var (
	// talksBefore: modality between a clause's start and its cue.
	talksBefore = cueRe(`(?i)\b(?:in talks|talks|finali[sz](?:e|es|ing)|close to|nears?|nearing|sur le point de|en passe de|negotiat\w*|discuss\w*|consider\w*|mulling|weighing|explor\w*|(?:is|are|was|were) said to|reportedly|rumou?r\w*|could|might|may|seek(?:s|ing)? to|sought to|looking to|hopes? to|hoping to|wants? to|interested|eyes|eyeing|courting|approach\w*|offered|proposed|pending|potential|possible|en discussions?|en négociations?|négoci\w*|discut\w*|serait|seraient|pourrait|pourraient|envisag\w*|intéress\w*|rumeurs?|souhait\w*|aimerait|voudrait|cherche à|cherchent à|espère|espèrent|candidat\w*|projet de|pas de décision|no decision)\b`)
	// talksAfter: modality right after a cue: "deal is pending".
	talksAfter = cueRe(`(?i)^\W*(?:\S+\s+){0,3}?(?:talks|negotiations|is pending|are pending|proposal|en discussion|en cours de négociation|envisagé\w*|évoqué\w*|à l['’]étude)\b`)
	// ended: the deal was called off, rejected or lost.
	endedRe = cueRe(`(?i)\b(?:withdr[ae]w\w*|called off|reject(?:s|ed|ing)?|blocked|blocks|bloqu\w*|failed (?:to (?:reach|agree|secure|complete|close)|deal|bid|merger|takeover)|broke down|broken down|(?:not|declined|refused) to (?:renew|extend)|ne pas renouveler|non-renouvellement|prendra fin|would have (?:included|created|combined|made|given|valued|merged)|terminat\w*|scrapped|abandon\w*|rejected|refus\w*|collapsed|pulled out|walked away|broke off|broken off|come to an end|came to an end|coming to an end|ended|expired|cancel\w*|rompu\w*|rupture|rejet\w*|annul\w*|renonc\w*|met fin|mis fin|prend fin|a perdu|ont perdu|lost the rights|no longer|échoué|échec|faute d['’]accord|sans accord|absence d['’]accord|no agreement|without (?:a|an) (?:deal|agreement)|failure to (?:reach|agree))\b`)
	// anaphora refers back to a deal already reported.
	anaphora = cueRe(`(?i)\b(?:the|this|that|aforementioned|such|ce|cet|cette|l['’]|le|la)\s*(?:aforementioned\s+|new\s+|nouvel\s+|nouveau\s+)?(?:deal|agreement|partnership|pact|accord|partenariat|contrat|alliance|association|collaboration|coentreprise|transaction|arrangement|acquisition|rachat|takeover|merger|fusion)\b`)
	// sourceCue marks a company named only as the source of the report.
	// sourcesAfter: the name is the outlet whose sources speak: "New York
	// Post sources say", "Bloomberg reported", "Les Echos révèle".
	sourcesAfter = cueRe(`(?i)^\W{0,2}(?:'s\s+)?(?:sources?|reporters?|journalists?)\s+(?:say|said|says|told|report\w*)\b|^\s+(?:reported|reports|révèle|rapporte|indique|affirme)\b`)
	sourceCue    = cueRe(`(?i)(?:according to(?: the)?|selon(?: le| la| l['’]| les)?|reported (?:by|on)|rapporte(?: le| la)?|told(?: the)?|as the|comme le rapporte(?: le| la)?|cité par|via|d['’]après(?: le| la)?|(?:said|told|confirmed) (?:to )?(?:the )?|(?:a|ont) (?:indiqué|précisé|confirmé|déclaré|expliqué|affirmé) (?:à )?(?:l['’]|la |le )?|sollicitée? par(?: l['’]| la| le)?|contactée? par(?: l['’]| la| le)?|interrogée? par(?: l['’]| la| le)?|\bon)\s*$`)
	// refToCompany: a pronoun or noun phrase standing for a company.
	refToCompany = cueRe(`(?i)^(?:it|its|the (?:[\pL-]+ ){0,2}(?:company|firm|group|studio|network|broadcaster|service|platform|giant|operator|streamer|publisher|provider|carrier)|la start-up|l['’]entreprise|la société|le groupe|la plateforme|la chaîne|le géant|celui-ci|celle-ci|il|elle)\b|\b(?:it|the company|the group|la start-up|l['’]entreprise|le groupe|la plateforme|the two companies|les deux (?:groupes|sociétés|entreprises))\b`)
	// refRe finds such references inside a clause.
	refRe = cueRe(`(?i)\b(?:it|its|the company|the firm|the group|the studio|the network|the broadcaster|the channel|the service|the platform|the streaming (?:service|giant)|the club|the business|the (?:radio )?station|the publisher|the label|the app|the startup|the retailer|the channel|la radio|la station|le site|le journal|le quotidien|le magazine|l['’]éditeur|le studio|l['’]application|la start-up|l['’]entreprise|la société|le groupe|la plateforme|la chaîne|le géant|le diffuseur|celui-ci|celle-ci|il|elle)\b`)
	// modifierCue attaches partners to the deal before it: "commandé la
	// série, en partenariat avec CBS et RTL".
	modifierCue = cueRe(`(?i)\b(?:in|en) (?:partnership|partenariat|collaboration|association|coproduction|co-production)$`)
	// creditBefore: a title named as someone's earlier work ("des
	// réalisateurs d'Avengers") is not what the deal is about.
	creditBefore = cueRe(`(?i)\b(?:réalisateurs?|réalisatrices?|directors?|créateurs?|créatrices?|creators?|auteurs?|authors?|writers?|stars?|producers?|producteurs?|showrunners?)\s+(?:de|d['’]|du|des|of|behind)\s*["“«]?\s*$|\b(?:réalisé|dirigé|écrit|créé|directed|wrote|written|created|made)\s*["“«]?\s*$`)
	// ownerAppos: a party named only as the owner or parent of another,
	// or as an example or a rival, is not a party to the deal at hand.
	ownerAppos = cueRe(`(?i)\b(?:owned by|a unit of|a subsidiary of|subsidiary of|parent(?: company)? of|owner of|propriété d[eu]|filiale d[eu]|maison[- ]mère d[eu]|propriétaire d[eu]|rivals?|concurrents?|such as|including|like|comme|notamment|dont|tels? que|face à|contre|against|than|plutôt que|rather than)\s+(?:\S+\s+){0,3}$`)
	// partyPrep introduces a party after a cue: "with X", "to X", "par X".
	partyPrep = cueRe(`(?i)\b(?:with|to|from|by|between|and|of|in|into|for|avec|à|au|aux|de|du|des|d['’]|par|entre|et|dans|chez|auprès de|pour|ainsi que|as well as)\s+(?:\S+\s+){0,3}$`)
	// assetRe: what one party alone can buy, sell or license.
	assetRe     = cueRe(`(?i)\b(?:assets?|systems?|rights|droits|stations?|stake|shares|unit|division|theat(?:re|er)s?|cinémas?|cinemas?|catalogu?e?s?|minority holders|actifs|radios|magazines?|newspapers?|journal|titres?|channels?|chaînes?|library|bibliothèque|club|studios?|licen[cs]e|exclusivité|podcasts?)\b`)
	exclusiveRe = cueRe(`(?i)\bexclusiv\w*`)
	territoryRe = cueRe(`(?i)\b(?:in|across|dans|sur)\s+((?:all|tous les|every|each)\b[^,.;:]*?territor\w*(?:[^,.;:]*)?)`)
	durationRe  = cueRe(`(?i)\b((?:\w+|\d+)-year|multi-?year|pluriannuel|(?:de|pour|sur)\s+(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans)\b`)
	formatRe    = cueRe(`(?i)\b((?:one|two|half|\d+)-hour (?:drama|series|comedy|show|thriller)|(?:\d+|six|eight|ten|twelve|thirteen)-episode \w+)`)
	stakeRe     = cueRe(`(?i)\b(?:stake|holding|interest|shares?|participation|part|\d[\d.,]* ?(?:%|pct|per ?cent|percent))\b`)
	controlRe   = cueRe(`(?i)\b(?:majority|controlling|control|full|remaining|all (?:the |of the )?(?:outstanding|shares|stock)|entire|majoritaire|contrôle|totalité|100 ?%)\b`)
	rightsRe    = cueRe(`(?i)\b(?:rights?|droits|licen[cs]\w*|exclusivité|films?|movies?|series|séries?|drama|dramas|sitcoms?|comed(?:y|ies)|comédies?|thrillers?|novels?|romans?|show|shows|documentar\w*|podcasts?|catalogu?e?s?|émissions?|programmes?|feuilletons?|long-métrages?|longs-métrages?)\b`)
	operatorRe  = cueRe(`(?i)\b(?:opérateurs?|operators?|telcos?|carriers?|cable (?:companies|groups|operators)|câblo-opérateurs?|fournisseurs? d['’]accès|isps?|box|boxes|set-?top|carriage|distribution|distribuer|available on|disponibles?)\b`)
	produceRe   = cueRe(`(?i)\b(?:produc\w*|produi\w*|co-?produc\w*|coprodu\w*|tournage|commande|ordered|series order|commissioned|originals?|originaux|originales?|scripted)\b`)
)

// notADeal: a cue that names a policy or an appetite, not a deal:
// "la politique d'acquisition", "an acquisition spree".
var notADeal = cueRe(`(?i)\b(?:politique|stratégie|policy|strategy|appétit|appetite|capacité|capacity|budget|ambitions?|direct(?:eur|rice|or)s?|head|chief|responsable|vice-président\w*|president)\s+(?:d['’]|de la |de l['’]|de|des|of|for)\s*$`)

// techRe: a technology deal is a partnership, whoever the partners.
var techRe = cueRe(`(?i)\b(?:software|technolog\w*|cloud|logiciels?|tech|platform technology|IPTV)\b`)

// contextTypes give a generic cue its type from its clause, most telling
// first.
var contextTypes = []struct {
	typ string
	re  *pattern
}{
	{Licensing, cueRe(`(?i)\b(?:rights|droits|licen[cs]\w*|diffus\w*|broadcast\w*|to stream|streaming rights|exclusivité)\b`)},
	{Production, produceRe},
	{Distribution, operatorRe},
	{Investment, cueRe(`(?i)\b(?:stake|participation|capital|invest\w*)\b`)},
	{Acquisition, cueRe(`(?i)\b(?:rachat|acquisition|takeover|buy|purchase|sale|all (?:of )?(?:the |its )?(?:outstanding )?(?:stock|shares|capital)|all (?:\S+ ){0,4}(?:stock|shares)|toutes les actions|la totalité du capital)\b`)},
	{Merger, cueRe(`(?i)\b(?:merger|fusion)\b`)},
}
