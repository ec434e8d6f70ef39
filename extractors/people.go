package extractors

import (
	"strings"
)

// roleAt returns the role phrase that starts at toks[k], if any.
func roleAt(toks []token, k int, lang string) string {
	if k >= len(toks) {
		return ""
	}
	for _, i := range lex.roleFirst[toks[k].low] {
		r := lex.roleList[i]
		if k+len(r.words) <= len(toks) && wordsAt(toks, k, r.words) {
			return r.text
		}
	}
	return ""
}

// roleEnding returns where a role phrase ending just before toks[end]
// starts, or -1.
func roleEnding(toks []token, end int) int {
	if end < 1 || end > len(toks) {
		return -1
	}
	for _, i := range lex.roleLast[toks[end-1].low] {
		r := lex.roleList[i]
		if s := end - len(r.words); s >= 0 && wordsAt(toks, s, r.words) {
			return s
		}
	}
	return -1
}

func wordsAt(toks []token, k int, words []string) bool {
	for i, w := range words {
		if toks[k+i].low != w {
			return false
		}
	}
	return true
}

// roleOf extends a role phrase at toks[k:k+n] with the organisation it is
// held at: "directeur général de Mediapro", "chief executive of Sony".
func roleOf(toks []token, k, n int) string {
	end := k + n
	if end+1 < len(toks) {
		switch toks[end].low {
		case "de", "of", "at", "chez", "du", "d'":
			j := end + 1
			for j < len(toks) && (nameToken(toks[j]) || toks[j].kind == tNum) {
				j++
			}
			if j > end+1 {
				end = j
			}
		}
	}
	return joinTokens(toks[k:end])
}

func joinTokens(toks []token) string {
	var sb strings.Builder
	for i, t := range toks {
		if i > 0 && t.start > toks[i-1].end {
			sb.WriteByte(' ')
		}
		sb.WriteString(t.text)
	}
	return sb.String()
}

var determiners = setOf("the", "a", "an", "its", "his", "her", "their", "le", "la", "l'", "les", "son", "sa", "ses", "leur", "un", "une", "notre")

// roleAfter reads "Name, [the] role [of Org]" starting at toks[k].
func roleAfter(toks []token, k int, lang string) string {
	for i := k; i < len(toks) && i < k+2; i++ {
		if r := roleAt(toks, i, lang); r != "" {
			return roleOf(toks, i, len(strings.Fields(r)))
		}
		if !determiners[toks[i].low] {
			break
		}
	}
	return ""
}

// roleBefore reads "[role [of Org]][,] Name" ending just before toks[k].
func roleBefore(toks []token, k int, lang string) string {
	end := k
	if end > 0 && toks[end-1].text == "," {
		end--
	}
	// Skip "de Canal+" / "of Netflix" after the role.
	j := end
	for j > 0 && (nameToken(toks[j-1]) || toks[j-1].kind == tNum) {
		j--
	}
	if j < end && j > 0 {
		switch toks[j-1].low {
		case "de", "of", "at", "chez", "du", "d'":
			j--
		default:
			j = end
		}
	} else {
		j = end
	}
	if s := roleEnding(toks, j); s >= 0 {
		// A possessive owner before the role: "Netflix's chief content officer".
		return joinTokens(toks[s:end])
	}
	return ""
}

// people returns the persons of the document with their roles.
func (ns *names) people() []Person {
	var out []Person
	seen := map[string]bool{}
	persons := ns.byKind(kindPerson)
	for _, n := range persons {
		// A surname alone is the same person as a full name with it.
		w := strings.Fields(n.key)
		dup := false
		if len(w) == 1 {
			for _, o := range persons {
				ow := strings.Fields(o.key)
				if o != n && len(ow) > 1 && ow[len(ow)-1] == w[0] {
					dup = true
					if o.role == "" {
						o.role = n.role
					}
				}
			}
		}
		if dup || seen[n.key] {
			continue
		}
		seen[n.key] = true
		name, role := splitRole(n.text)
		if role == "" || n.role != "" {
			role = n.role
		}
		out = append(out, Person{Name: name, Role: role})
	}
	// Roles may have been filled in by aliases after their person was added.
	for i := range out {
		if out[i].Role == "" {
			if n := ns.byKey[fold(out[i].Name)]; n != nil {
				out[i].Role = n.role
			}
		}
	}
	return out
}

// splitRole parts a person's name from a title that runs into it:
// "Embracer CEO Lars Wingefors", "Controller Damian Kavanagh". The name is
// what follows the last role word, when two words or more follow it.
func splitRole(text string) (name, role string) {
	w := strings.Fields(text)
	for i := len(w) - 3; i >= 0; i-- {
		if lex.roleWords[fold(strings.Trim(w[i], ",;:"))] {
			return strings.Join(w[i+1:], " "), strings.Join(w[:i+1], " ")
		}
	}
	return trimName(w), ""
}

// trimName drops the words that ran into a name of three words or more:
// before its given name ("Joining Kevin Martin", "West Coast Greg
// Berlanti"), and a company or nationality after it ("Beatrice Springborn
// Hulu").
func trimName(w []string) string {
	for i := 1; len(w)-i >= 2 && i <= 2; i++ {
		if isFirstName(fold(w[i])) && !isFirstName(fold(w[i-1])) {
			w = w[i:]
			break
		}
	}
	if n := len(w); n >= 3 {
		k := fold(w[n-1])
		if g, ok := lex.companies[k]; ok && !g.ambiguous || lex.common[k] {
			w = w[:n-1]
		}
	}
	return strings.Join(w, " ")
}

// personName returns the full name of the person n names: "Fuller" is
// "Simon Fuller" when the text has both.
func (ns *names) personName(n *name) string {
	w := strings.Fields(n.key)
	if len(w) == 1 {
		for _, o := range ns.byKind(kindPerson) {
			if ow := strings.Fields(o.key); len(ow) > 1 && ow[len(ow)-1] == w[0] {
				return o.text
			}
		}
	}
	return n.text
}

// execRoles are the roles of people who speak and sign for their company.
var execRoles = setOf("ceo", "chief", "president", "chairman", "chairwoman", "founder", "co-founder", "head", "boss",
	"owner", "vice", "vice-president", "managing", "executive", "general", "coo", "cfo", "cto", "spokesman",
	"spokeswoman", "spokesperson", "president", "presidente", "patron", "patronne", "pdg", "fondateur", "fondatrice",
	"cofondateur", "associe-fondateur", "directeur", "directrice", "proprietaire", "porte-parole", "vice-president")

// employer returns the company a person speaks for, as their role says:
// "patron de Canal+", "chairman of Sunderland FC".
func (ns *names) employer(n *name) *companyGroup {
	full := ns.byKey[fold(ns.personName(n))]
	if full == nil {
		full = n
	}
	role := full.role
	if role == "" {
		role = n.role
	}
	w := strings.Fields(fold(role))
	if len(w) == 0 || !execRoles[w[0]] {
		return nil
	}
	for _, sep := range []string{" of ", " de ", " du ", " d'", " d’", " at ", " chez "} {
		_, rest, ok := strings.Cut(role, sep)
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		for _, art := range []string{"la ", "le ", "l'", "l’", "the "} {
			rest = strings.TrimPrefix(rest, art)
		}
		if g := ns.groupOf[ns.byKey[fold(rest)]]; g != nil {
			return g
		}
		for _, g := range ns.groups {
			for _, f := range g.forms {
				if strings.HasPrefix(fold(rest), f.key+" ") {
					return g
				}
			}
		}
	}
	return nil
}

// officials hold public office or run companies: they sign no talent deal.
var officials = setOf("president", "presidente", "ministre", "minister", "premier", "senator", "senateur", "maire",
	"mayor", "secretaire", "secretary", "governor", "gouverneur", "chancellor", "chanceliere", "depute", "deputy",
	"ceo", "chief", "chairman", "chairwoman", "pdg", "patron", "patronne", "directeur", "directrice", "analyst",
	"analyste", "spokesman", "spokeswoman", "porte-parole")

// official reports a person whose role is an office, not a craft.
func (ns *names) official(n *name) bool {
	role := n.role
	if full := ns.byKey[fold(ns.personName(n))]; full != nil && full.role != "" {
		role = full.role
	}
	w := strings.Fields(fold(role))
	return len(w) > 0 && officials[w[0]]
}
