package kb

// The works table: well-known creative works (series, films, franchises,
// games, shows, podcasts, books) that news about media deals names, with
// the titles the press uses for each, French release titles included. It
// is separate from the company knowledge base but checks its owners
// against it.
//
// Each data line under works/ is one work, six tab-separated columns:
//
//	title	kind	year	owner	aliases	flags
//
// title is the original or best-known English title; kind is one of
// WorkKinds; year is the first release year or "-"; owner is the id of
// the company (in the company knowledge base) that owns or made the work,
// or "-"; aliases are "|"-separated or "-"; flags are "-" or amb (the
// title is also an ordinary word or phrase, a place, a person or a
// company, so a match needs quotes, italics or context). Blank lines and
// lines starting with "#" are ignored.

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

//go:embed works/*.tsv
var worksData embed.FS

// Work is one well-known creative work.
type Work struct {
	Title   string
	Kind    string // one of WorkKinds
	Year    int    // first release year, or 0 when unknown
	Owner   string // company id in the company knowledge base, or empty
	Aliases []string
	// Ambiguous is set when the title is also an ordinary word or phrase,
	// a place, a person or a company (House, Friends, Dallas, Empire), so
	// a match needs quotes, italics or context.
	Ambiguous bool
}

// WorkKinds are the kinds of work the table holds.
var WorkKinds = []string{"series", "film", "franchise", "game", "show", "podcast", "book"}

var workKinds = setOf(WorkKinds...)

// Works is a loaded table of works. It is read-only and safe for
// concurrent use.
type Works struct {
	all  []*Work
	keys map[string][]*Work // FoldTitle of title or alias, best first
}

// LoadWorks parses the embedded works files, checking owners against the
// company knowledge base (Default). Its errors name the file and line at
// fault.
func LoadWorks() (*Works, error) {
	files, err := readAll(worksData, "works/*.tsv")
	if err != nil {
		return nil, err
	}
	return ParseWorks(files, Default())
}

// DefaultWorks returns the table of the embedded works, loaded on first
// use. The embedded data is checked by the package's tests; were it broken
// anyway, DefaultWorks returns an empty table, in which every lookup
// fails, rather than stopping the program.
var DefaultWorks = sync.OnceValue(func() *Works {
	w, err := LoadWorks()
	if err != nil {
		return &Works{keys: map[string][]*Work{}}
	}
	return w
})

// Lookup finds the work a title or alias designates, under FoldTitle. When
// several (ambiguous) works answer, the one whose own title matches wins,
// then the one loaded first.
func (w *Works) Lookup(title string) (*Work, bool) {
	if ws := w.keys[FoldTitle(title)]; len(ws) > 0 {
		return ws[0], true
	}
	return nil, false
}

// Len returns the number of works.
func (w *Works) Len() int { return len(w.all) }

// All returns every work, in file order (files by name, then lines).
func (w *Works) All() []*Work { return append([]*Work(nil), w.all...) }

// FoldTitle returns the title key of a work's title: case, accents and
// punctuation do not count, apostrophes are dropped, "&" reads "and" and
// "+" reads "plus", and a leading article (the, le, la, les, l', el, los,
// las) is dropped, so "Le Trône de Fer" and "le trone de fer" share a key.
// Unlike Fold it keeps corporate words: "The Company" keys as "company".
func FoldTitle(s string) string {
	n := normalize(s) // case, accents, dots, commas, + and &, leading l' and d'
	var b strings.Builder
	b.Grow(len(n))
	for _, r := range n {
		switch {
		case r == '\'':
		case unicode.IsLetter(r), unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	w := strings.Fields(b.String())
	for len(w) > 1 && titleArticles[w[0]] {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

var titleArticles = setOf("the", "le", "la", "les", "el", "los", "las")

// ParseWorks builds a table of works from data files, keyed by file name.
// Files are read in name order. ParseWorks checks every line (column
// count, kind, year, owner, flags, trimmed non-empty titles) and then the
// whole: no title repeated within a kind, and no title or alias shared,
// under FoldTitle, by two works unless both are ambiguous. When companies
// is not nil, owners must be ids it knows. Errors name the file and line.
func ParseWorks(files map[string]io.Reader, companies *KB) (*Works, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	w := &Works{keys: map[string][]*Work{}}
	where := map[*Work]string{}
	for _, name := range names {
		sc := bufio.NewScanner(files[name])
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimRight(sc.Text(), "\r")
			if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			at := fmt.Sprintf("%s:%d", name, n)
			wk, err := parseWorkLine(line, companies)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", at, err)
			}
			where[wk] = at
			w.all = append(w.all, wk)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	type titleKind struct{ title, kind string }
	seen := map[titleKind]*Work{}
	for _, wk := range w.all {
		tk := titleKind{wk.Title, wk.Kind}
		if o, ok := seen[tk]; ok {
			return nil, fmt.Errorf("%s: duplicate %s %q (first at %s)", where[wk], wk.Kind, wk.Title, where[o])
		}
		seen[tk] = wk
		for _, t := range append([]string{wk.Title}, wk.Aliases...) {
			key := FoldTitle(t)
			ws := w.keys[key]
			if len(ws) > 0 && ws[len(ws)-1] == wk {
				continue
			}
			dup := false
			for _, o := range ws {
				if o == wk {
					dup = true
					break
				}
				if !(o.Ambiguous && wk.Ambiguous) {
					return nil, fmt.Errorf("%s: %q: title %q already names %q (%s); flag both amb or drop one",
						where[wk], wk.Title, key, o.Title, where[o])
				}
			}
			if !dup {
				w.keys[key] = append(ws, wk)
			}
		}
	}
	for key, ws := range w.keys {
		sort.SliceStable(ws, func(i, j int) bool {
			return FoldTitle(ws[i].Title) == key && FoldTitle(ws[j].Title) != key
		})
	}
	return w, nil
}

func parseWorkLine(line string, companies *KB) (*Work, error) {
	f := strings.Split(line, "\t")
	if len(f) != 6 {
		return nil, fmt.Errorf("%d columns, want 6", len(f))
	}
	wk := &Work{Title: f[0], Kind: f[1]}
	if err := checkTitle(wk.Title); err != nil {
		return nil, err
	}
	if !workKinds[wk.Kind] {
		return nil, fmt.Errorf("unknown kind %q", wk.Kind)
	}
	if f[2] != "-" {
		y, err := strconv.Atoi(f[2])
		if err != nil || len(f[2]) != 4 || y < 1900 || y > 2030 {
			return nil, fmt.Errorf("bad year %q", f[2])
		}
		wk.Year = y
	}
	if f[3] != "-" {
		if !slug.MatchString(f[3]) {
			return nil, fmt.Errorf("bad owner %q", f[3])
		}
		if companies != nil {
			if _, ok := companies.Get(f[3]); !ok {
				return nil, fmt.Errorf("unknown owner %q", f[3])
			}
		}
		wk.Owner = f[3]
	}
	if f[4] != "-" {
		wk.Aliases = strings.Split(f[4], "|")
		for _, a := range wk.Aliases {
			if err := checkTitle(a); err != nil {
				return nil, fmt.Errorf("alias: %w", err)
			}
		}
	}
	if f[5] != "-" {
		for _, fl := range strings.Split(f[5], ",") {
			if fl != "amb" {
				return nil, fmt.Errorf("unknown flag %q", fl)
			}
			wk.Ambiguous = true
		}
	}
	return wk, nil
}

func checkTitle(s string) error {
	if s == "" || s == "-" || FoldTitle(s) == "" {
		return fmt.Errorf("empty title %q", s)
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("untrimmed title %q", s)
	}
	return nil
}
