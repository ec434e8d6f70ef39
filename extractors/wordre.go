package extractors

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// wordBoundary stands for \b in cue patterns. Go's \b only knows ASCII
// word characters, so "payé" or "à terme" would have no boundary at their
// accented end; this one knows every letter. It consumes the character
// next to the word, which does not matter to patterns used only to test
// for a match. Its classes are outside (?i): they are closed under case
// folding already, and folding them again costs a tenth of a second each.
const wordBoundary = `(?-i:^|$|[^\pL\pN_])`

// cueRe compiles a cue pattern with Unicode word boundaries and word
// characters: \w matches "é" too.
func cueRe(expr string) *pattern {
	return compile(strings.NewReplacer(`\b`, wordBoundary, `\w`, `(?-i:[\pL\pN_])`, `\W`, `(?-i:[^\pL\pN_])`).Replace(expr))
}

// pattern is a regular expression with a cheap test that rules out most
// texts it cannot match: every match holds one of its needles, literal
// strings found in the expression. Go's regexp engine is linear but slow
// on large alternations; most cues never occur in most sentences, and
// strings.Contains says so at memory speed.
type pattern struct {
	*regexp.Regexp
	needles []string // the literals; nil: always run
	digit   bool     // a digit is one of the needles
	// lower are the literals to look for in a lower-cased text, exact
	// the case-sensitive ones; see mayMatchLower.
	lower, exact []string
	lowerIDs     []int // lower's registered needle ids
	// branches are the alternatives of a large alternation, each with its
	// own needles, for FindAllIndexLower; nil when it has none. A branch's
	// Regexp is compiled on first use, from syn.
	branches []*pattern
	syn      *syntax.Regexp
	once     sync.Once
}

// compiled returns a branch's regexp, compiling it on first use.
func (p *pattern) compiled() *regexp.Regexp {
	p.once.Do(func() { p.Regexp = regexp.MustCompile(p.syn.String()) })
	return p.Regexp
}

// compile compiles expr and derives its needles.
func compile(expr string) *pattern {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return &pattern{Regexp: regexp.MustCompile(expr)}
	}
	re = re.Simplify()
	p := withNeedles(&pattern{Regexp: regexp.MustCompile(expr)}, re)
	if re.MaxCap() == 0 {
		// Without submatches, each alternative can run on its own.
		for _, alt := range alternatives(re) {
			p.branches = append(p.branches, withNeedles(&pattern{syn: alt}, alt))
		}
	}
	return p
}

// withNeedles sets p's needles from its syntax tree.
func withNeedles(p *pattern, re *syntax.Regexp) *pattern {
	lits, ok := required(re)
	if !ok {
		return p
	}
	for _, l := range lits {
		switch {
		case l.digit:
			p.digit = true
		case l.fold:
			p.lower = append(p.lower, strings.ToLower(l.lit))
			p.lowerIDs = append(p.lowerIDs, needleID(strings.ToLower(l.lit)))
			p.needles = append(p.needles, l.lit)
		default:
			p.exact = append(p.exact, l.lit)
			p.needles = append(p.needles, l.lit)
		}
	}
	if len(p.needles) == 0 && !p.digit {
		p.needles = nil
	}
	return p
}

// alternatives splits a concatenation around its one large alternation
// into one expression per alternative: "\b(?:buy|acquire)\b" gives
// "\bbuy\b" and "\bacquire\b". It returns nil when there is none.
func alternatives(re *syntax.Regexp) []*syntax.Regexp {
	if re.Op == syntax.OpAlternate && len(re.Sub) > 2 {
		return re.Sub
	}
	if re.Op != syntax.OpConcat {
		return nil
	}
	at := -1
	for i, sub := range re.Sub {
		if sub.Op == syntax.OpAlternate && len(sub.Sub) > 2 && !boundary(sub) {
			if at >= 0 {
				return nil
			}
			at = i
		}
	}
	if at < 0 {
		return nil
	}
	var out []*syntax.Regexp
	for _, alt := range re.Sub[at].Sub {
		subs := append(append(append([]*syntax.Regexp(nil), re.Sub[:at]...), alt), re.Sub[at+1:]...)
		out = append(out, &syntax.Regexp{Op: syntax.OpConcat, Sub: subs, Flags: re.Flags})
	}
	return out
}

// boundary reports the word boundary cue patterns use: an alternation of
// empty assertions and one character class.
func boundary(re *syntax.Regexp) bool {
	for _, sub := range re.Sub {
		switch sub.Op {
		case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpCharClass:
		default:
			return false
		}
	}
	return true
}

// FindAllIndexHits is FindAllStringIndex for a text s given the needles
// its lower-cased form holds: only the alternatives whose needles occur
// run. Where two
// alternatives' matches overlap, the leftmost wins, then the one listed
// first, as in the whole expression.
func (p *pattern) FindAllIndexHits(s string, h needleHits) [][]int {
	if !p.mayMatchHits(s, h) {
		return nil
	}
	if p.branches == nil {
		return p.Regexp.FindAllStringIndex(s, -1)
	}
	type hit struct {
		loc   []int
		order int
	}
	var hits []hit
	for i, b := range p.branches {
		if !b.mayMatchHits(s, h) {
			continue
		}
		for _, loc := range b.compiled().FindAllStringIndex(s, -1) {
			hits = append(hits, hit{loc, i})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].loc[0] != hits[j].loc[0] {
			return hits[i].loc[0] < hits[j].loc[0]
		}
		return hits[i].order < hits[j].order
	})
	var out [][]int
	end := -1
	for _, h := range hits {
		if h.loc[0] >= end {
			out = append(out, h.loc)
			end = max(h.loc[1], h.loc[0]+1)
		}
	}
	return out
}

// mayMatch reports whether s holds one of the needles: false means the
// pattern cannot match s.
func (p *pattern) mayMatch(s string) bool {
	if p.needles == nil && !p.digit {
		return true
	}
	if p.digit && strings.ContainsAny(s, "0123456789") {
		return true
	}
	if len(p.lower) > 0 {
		lower := toLower(s)
		for _, n := range p.lower {
			if strings.Contains(lower, n) {
				return true
			}
		}
	}
	for _, n := range p.exact {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// toLower is strings.ToLower without a copy for text already in lower
// case.
func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// The matching methods the extractors use, each behind the needle test.

func (p *pattern) MatchString(s string) bool { return p.mayMatch(s) && p.Regexp.MatchString(s) }

func (p *pattern) FindStringIndex(s string) []int {
	if !p.mayMatch(s) {
		return nil
	}
	return p.Regexp.FindStringIndex(s)
}

func (p *pattern) FindString(s string) string {
	if !p.mayMatch(s) {
		return ""
	}
	return p.Regexp.FindString(s)
}

func (p *pattern) FindStringSubmatch(s string) []string {
	if !p.mayMatch(s) {
		return nil
	}
	return p.Regexp.FindStringSubmatch(s)
}

func (p *pattern) FindStringSubmatchIndex(s string) []int {
	if !p.mayMatch(s) {
		return nil
	}
	return p.Regexp.FindStringSubmatchIndex(s)
}

func (p *pattern) FindAllStringIndex(s string, n int) [][]int {
	if !p.mayMatch(s) {
		return nil
	}
	return p.Regexp.FindAllStringIndex(s, n)
}

func (p *pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !p.mayMatch(s) {
		return nil
	}
	return p.Regexp.FindAllStringSubmatchIndex(s, n)
}

// needle is a literal every match of some branch holds.
type needle struct {
	lit   string
	fold  bool // matched without regard to case
	digit bool // any ASCII digit
}

// required returns needles one of which every match of re holds, and
// whether there are such needles.
func required(re *syntax.Regexp) ([]needle, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []needle{{lit: string(re.Rune), fold: re.Flags&syntax.FoldCase != 0}}, true
	case syntax.OpCharClass:
		if digitsOnly(re.Rune) {
			return []needle{{digit: true}}, true
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []needle
		for _, sub := range re.Sub {
			ns, ok := required(sub)
			if !ok {
				return nil, false
			}
			out = append(out, ns...)
		}
		return out, true
	case syntax.OpConcat:
		// Any required part will do; the longest literals rule out most.
		var best []needle
		bestScore := -1
		for _, sub := range re.Sub {
			ns, ok := required(sub)
			if !ok {
				continue
			}
			if s := selectivity(ns); s > bestScore {
				best, bestScore = ns, s
			}
		}
		return best, best != nil
	}
	return nil, false
}

// selectivity scores needles by their shortest literal; a digit is weak.
func selectivity(ns []needle) int {
	low := 1 << 30
	for _, n := range ns {
		l := utf8.RuneCountInString(n.lit)
		if n.digit {
			l = 0
		}
		low = min(low, l)
	}
	return low
}

func digitsOnly(ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] < '0' || ranges[i+1] > '9' {
			return false
		}
	}
	return len(ranges) > 0
}

// needles registers the lower-case needles of every pattern, so that one
// pass over a text finds them all (see scanNeedles).
var needles = struct {
	ids  map[string]int
	list []string
}{ids: map[string]int{}}

func needleID(n string) int {
	id, ok := needles.ids[n]
	if !ok {
		id = len(needles.list)
		needles.ids[n] = id
		needles.list = append(needles.list, n)
	}
	return id
}

// needleHits records which registered needles a text holds.
type needleHits []bool

// automaton is an Aho–Corasick automaton over the registered needles,
// built once after the patterns are compiled.
var automaton = sync.OnceValue(func() *acAutomaton { return newAC(needles.list) })

// scanNeedles finds the registered needles in a lower-cased text.
func scanNeedles(lower string) needleHits {
	return automaton().scan(lower)
}

// mayMatchHits is mayMatch given the needles a text's lower-cased form
// holds.
func (p *pattern) mayMatchHits(s string, h needleHits) bool {
	if p.needles == nil && !p.digit {
		return true
	}
	if p.digit && strings.ContainsAny(s, "0123456789") {
		return true
	}
	for i, id := range p.lowerIDs {
		if id < len(h) {
			if h[id] {
				return true
			}
		} else if strings.Contains(toLower(s), p.lower[i]) {
			return true
		}
	}
	for _, n := range p.exact {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// acAutomaton is a byte-level Aho–Corasick automaton, compiled to a
// table: one lookup per byte of text.
type acAutomaton struct {
	class [256]uint8 // byte -> column; 0 for bytes no needle holds
	width int        // columns
	delta []int32    // state*width+class -> next state
	out   [][]int32  // needle ids ending at each state, suffixes included
	n     int
}

func newAC(words []string) *acAutomaton {
	a := &acAutomaton{n: len(words), width: 1}
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			if a.class[w[i]] == 0 {
				a.class[w[i]] = uint8(a.width)
				a.width++
			}
		}
	}
	// The trie, then failure links breadth first, then the full table.
	next := []map[uint8]int32{{}}
	out := [][]int32{nil}
	for id, w := range words {
		s := int32(0)
		for i := 0; i < len(w); i++ {
			c := a.class[w[i]]
			t, ok := next[s][c]
			if !ok {
				t = int32(len(next))
				next = append(next, map[uint8]int32{})
				out = append(out, nil)
				next[s][c] = t
			}
			s = t
		}
		out[s] = append(out[s], int32(id))
	}
	fail := make([]int32, len(next))
	a.delta = make([]int32, len(next)*a.width)
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := 0; c < a.width; c++ {
			if t, ok := next[s][uint8(c)]; ok && c != 0 {
				if s != 0 {
					fail[t] = a.delta[int(fail[s])*a.width+c]
				}
				out[t] = append(out[t], out[fail[t]]...)
				a.delta[int(s)*a.width+c] = t
				queue = append(queue, t)
			} else if s != 0 {
				a.delta[int(s)*a.width+c] = a.delta[int(fail[s])*a.width+c]
			}
		}
	}
	a.out = out
	return a
}

func (a *acAutomaton) scan(text string) needleHits {
	hits := make(needleHits, a.n)
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = a.delta[int(s)*a.width+int(a.class[text[i]])]
		for _, id := range a.out[s] {
			hits[id] = true
		}
	}
	return hits
}
