package content

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestDebugCandidates prints the scoring of one page (DEBUG_PAGE=path).
func TestDebugCandidates(t *testing.T) {
	p := os.Getenv("DEBUG_PAGE")
	if p == "" {
		t.Skip("set DEBUG_PAGE")
	}
	f, _ := os.Open(p)
	var r io.Reader = f
	if strings.HasSuffix(p, ".gz") {
		r, _ = gzip.NewReader(f)
	}
	body, _ := io.ReadAll(r)
	text, cs, _ := Decode(body, "")
	fmt.Println("charset", cs)
	root, _ := html.Parse(strings.NewReader(text))
	w := newWalker()
	w.walk(root, 0)
	w.flush()
	debugScores = func(cands map[*html.Node]*candidate, totals map[*html.Node]*candidate, top *html.Node) {
		type row struct {
			n *html.Node
			s float64
		}
		var rows []row
		for n, c := range cands {
			rows = append(rows, row{n, c.score(totals[n])})
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].s > rows[j].s })
		for i, r := range rows {
			if i > 12 {
				break
			}
			t := totals[r.n]
			fmt.Printf("%8.1f %-8s len=%6d ld=%.2f class=%q id=%q top=%v\n", r.s, r.n.Data, t.textLen, density(t), attr(r.n, "class"), attr(r.n, "id"), r.n == top)
		}
	}
	defer func() { debugScores = nil }()
	blocks := w.mainBlocks()
	for i, b := range blocks {
		if i > 40 {
			break
		}
		fmt.Printf("[%d] %.150s\n", b.Kind, b.Text)
	}
}

// TestDebugAncestors prints the ancestors of the longest block of a page.
func TestDebugAncestors(t *testing.T) {
	p := os.Getenv("DEBUG_PAGE")
	if p == "" {
		t.Skip("set DEBUG_PAGE")
	}
	f, _ := os.Open(p)
	var r io.Reader = f
	if strings.HasSuffix(p, ".gz") {
		r, _ = gzip.NewReader(f)
	}
	body, _ := io.ReadAll(r)
	text, _, _ := Decode(body, "")
	root, _ := html.Parse(strings.NewReader(text))
	w := newWalker()
	w.walk(root, 0)
	w.flush()
	best := 0
	for i, b := range w.blocks {
		if len(b.text) > len(w.blocks[best].text) {
			best = i
		}
	}
	b := w.blocks[best]
	fmt.Printf("%.100s\n", b.text)
	for n := b.node; n != nil; n = n.Parent {
		hint := attr(n, "class") + " " + attr(n, "id")
		fmt.Printf("  %s furniture=%v tag=%v role=%q hint=%.120q\n", n.Data, furnitureHint.MatchString(hint), furnitureTags[n.DataAtom], attr(n, "role"), hint)
	}
}
