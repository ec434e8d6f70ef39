package kb

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Parse builds a knowledge base from data files, keyed by file name. Files
// are read in name order. Parse checks every line (column count, id, kind,
// country, flags, trimmed non-empty names) and then the whole: ids unique,
// parents known, no parent cycles, and no name or alias shared by two
// entities unless both are ambiguous. Errors name the file and line.
func Parse(files map[string]io.Reader) (*KB, error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	b := &builder{kb: newKB(), where: map[*Entity]string{}}
	for _, name := range names {
		if err := b.add(name, files[name]); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// builder accumulates entities and remembers where each was defined.
type builder struct {
	kb      *KB
	where   map[*Entity]string // "file:line"
	ordered []*Entity
}

func (b *builder) add(file string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		at := fmt.Sprintf("%s:%d", file, n)
		e, err := parseLine(line)
		if err != nil {
			return fmt.Errorf("%s: %w", at, err)
		}
		if prev, ok := b.kb.byID[e.ID]; ok {
			return fmt.Errorf("%s: duplicate id %q (first at %s)", at, e.ID, b.where[prev])
		}
		b.kb.byID[e.ID] = e
		b.where[e] = at
		b.ordered = append(b.ordered, e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func parseLine(line string) (*Entity, error) {
	f := strings.Split(line, "\t")
	if len(f) != 7 {
		return nil, fmt.Errorf("%d columns, want 7", len(f))
	}
	e := &Entity{ID: f[0], Name: f[1], Kind: Kind(f[2]), Country: f[3]}
	switch {
	case !slug.MatchString(e.ID):
		return nil, fmt.Errorf("bad id %q", e.ID)
	case !validKind(e.Kind):
		return nil, fmt.Errorf("unknown kind %q", e.Kind)
	case !validCountry(e.Country):
		return nil, fmt.Errorf("unknown country %q", e.Country)
	case f[4] != "-" && !slug.MatchString(f[4]):
		return nil, fmt.Errorf("bad parent %q", f[4])
	}
	if f[4] != "-" {
		e.Parent = f[4]
	}
	if err := checkName(e.Name); err != nil {
		return nil, err
	}
	if f[5] != "-" {
		e.Aliases = strings.Split(f[5], "|")
		for _, a := range e.Aliases {
			if err := checkName(a); err != nil {
				return nil, fmt.Errorf("alias: %w", err)
			}
		}
	}
	return e, parseFlags(e, f[6])
}

func checkName(s string) error {
	if s == "" || s == "-" || normalize(s) == "" {
		return fmt.Errorf("empty name %q", s)
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("untrimmed name %q", s)
	}
	return nil
}

func parseFlags(e *Entity, s string) error {
	if s == "-" {
		return nil
	}
	for _, f := range strings.Split(s, ",") {
		switch f {
		case "amb":
			e.Ambiguous = true
		case "defunct":
			e.Defunct = true
		default:
			return fmt.Errorf("unknown flag %q", f)
		}
	}
	return nil
}

// finish checks the entities against each other and indexes them.
func (b *builder) finish() (*KB, error) {
	for _, e := range b.ordered {
		if err := b.checkParent(e); err != nil {
			return nil, fmt.Errorf("%s: %w", b.where[e], err)
		}
	}
	k := b.kb
	for _, e := range b.ordered {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if err := b.index(k.exact, normalize(n), e, true); err != nil {
				return nil, err
			}
			b.index(k.keys, Fold(n), e, false)
		}
	}
	k.rank(k.exact, normalize)
	k.rank(k.keys, Fold)
	return k, nil
}

// checkParent reports an unknown parent or a cycle above e.
func (b *builder) checkParent(e *Entity) error {
	seen := map[string]bool{e.ID: true}
	for p := e.Parent; p != ""; {
		q, ok := b.kb.byID[p]
		if !ok {
			return fmt.Errorf("%s: unknown parent %q", e.ID, p)
		}
		if seen[p] {
			return fmt.Errorf("%s: parent cycle through %q", e.ID, p)
		}
		seen[p] = true
		p = q.Parent
	}
	return nil
}

// index files e under key. With unique set, the key may be shared only by
// ambiguous entities.
func (b *builder) index(m map[string][]*Entity, key string, e *Entity, unique bool) error {
	es := m[key]
	for _, o := range es {
		if o == e {
			return nil
		}
		if unique && !(o.Ambiguous && e.Ambiguous) {
			return fmt.Errorf("%s: %s: name %q already names %s (%s); flag both amb or drop one",
				b.where[e], e.ID, key, o.ID, b.where[o])
		}
	}
	m[key] = append(es, e)
	return nil
}
