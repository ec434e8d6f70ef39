// Package kb is dealwire's knowledge base of media, technology and telecom
// companies: studios, networks, channels, streaming services, labels,
// publishers, telecoms, leagues, investors and the groups that own them,
// with the names and spellings the press uses for each. It owns the data
// files under data/ (embedded in the binary), their format and sanity
// rules, and the company key (Fold) under which names are looked up.
//
// Each data line is one entity, seven tab-separated columns:
//
//	id	name	kind	country	parent	aliases	flags
//
// id is a lowercase slug unique across all files; kind is one of the
// Kind values; country is an ISO 3166-1 alpha-2 code or INT; parent is
// the id of the owner or "-"; aliases are "|"-separated or "-"; flags are
// "-" or a comma-separated list of amb (the name is also an ordinary
// word, place or person) and defunct. Blank lines and lines starting with
// "#" are ignored.
package kb

import (
	"bytes"
	"embed"
	"io"
	"io/fs"
	"sort"
	"sync"
)

//go:embed data/*.tsv
var data embed.FS

// Kind is what an entity is: a studio, a channel, a league…
type Kind string

// Entity is one company, service, channel or body.
type Entity struct {
	ID      string
	Name    string
	Kind    Kind
	Country string // ISO 3166-1 alpha-2, or INT for international bodies
	Parent  string // id of the owner, or empty
	Aliases []string
	// Ambiguous is set when the name is also an ordinary word, a place, a
	// person or a product (Apple, Orange, Sky), so a match needs context.
	Ambiguous bool
	// Defunct is set when the company no longer exists under that name.
	Defunct bool
}

// KB is a loaded knowledge base. It is read-only and safe for concurrent
// use.
type KB struct {
	byID  map[string]*Entity
	exact map[string][]*Entity // normalized name or alias, best first
	keys  map[string][]*Entity // Fold of name or alias, best first
}

// Load parses the embedded data files. Its errors name the file and line
// at fault.
func Load() (*KB, error) {
	files, err := readAll(data, "data/*.tsv")
	if err != nil {
		return nil, err
	}
	return Parse(files)
}

// readAll opens the embedded files matching pattern, by name.
func readAll(fsys fs.FS, pattern string) (map[string]io.Reader, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	files := make(map[string]io.Reader, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		files[name] = bytes.NewReader(b)
	}
	return files, nil
}

// Default returns the knowledge base of the embedded data, loaded on first
// use. The embedded data is checked by the package's tests; were it broken
// anyway, Default returns an empty knowledge base, in which every lookup
// fails, rather than stopping the program.
var Default = sync.OnceValue(func() *KB {
	k, err := Load()
	if err != nil {
		return newKB()
	}
	return k
})

func newKB() *KB {
	return &KB{byID: map[string]*Entity{}, exact: map[string][]*Entity{}, keys: map[string][]*Entity{}}
}

// Lookup finds the entity a name or alias designates: first by the name
// as written (ignoring case, accents and punctuation), then by its company
// key (Fold). When several entities answer, the one whose own name matches
// wins, then one still in business, then the one nearest the top of its
// group.
func (k *KB) Lookup(name string) (*Entity, bool) {
	if es := k.exact[normalize(name)]; len(es) > 0 {
		return es[0], true
	}
	if es := k.keys[Fold(name)]; len(es) > 0 {
		return es[0], true
	}
	return nil, false
}

// Get returns the entity with the given id.
func (k *KB) Get(id string) (*Entity, bool) {
	e, ok := k.byID[id]
	return e, ok
}

// Root returns the top of e's ownership chain: e itself when it has no
// parent. A parent cycle, which Parse rejects, would stop the walk.
func (k *KB) Root(e *Entity) *Entity {
	for range len(k.byID) {
		p, ok := k.byID[e.Parent]
		if !ok {
			break
		}
		e = p
	}
	return e
}

// Related reports whether a and b belong to the same group.
func (k *KB) Related(a, b *Entity) bool {
	return a != nil && b != nil && k.Root(a) == k.Root(b)
}

// Len returns the number of entities.
func (k *KB) Len() int { return len(k.byID) }

// depth counts e's owners.
func (k *KB) depth(e *Entity) int {
	n := 0
	for ; n < len(k.byID); n++ {
		p, ok := k.byID[e.Parent]
		if !ok {
			break
		}
		e = p
	}
	return n
}

// rank orders each key's entities best first, as Lookup documents.
func (k *KB) rank(index map[string][]*Entity, fold func(string) string) {
	for key, es := range index {
		sort.SliceStable(es, func(i, j int) bool {
			a, b := es[i], es[j]
			if na, nb := fold(a.Name) == key, fold(b.Name) == key; na != nb {
				return na
			}
			if a.Defunct != b.Defunct {
				return !a.Defunct
			}
			return k.depth(a) < k.depth(b)
		})
	}
}

// Entities returns every entity, in id order.
func (k *KB) Entities() []*Entity {
	out := make([]*Entity, 0, len(k.byID))
	for _, e := range k.byID {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
