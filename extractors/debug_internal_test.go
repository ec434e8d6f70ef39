package extractors

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/dealwire/dealwire/extractors/content"
)

// TestDebugNames prints the name scoring of one page (DEBUG_PAGE=path).
func TestDebugNames(t *testing.T) {
	p := os.Getenv("DEBUG_PAGE")
	if p == "" {
		t.Skip("set DEBUG_PAGE")
	}
	body, _ := os.ReadFile(p)
	doc, err := content.Parse(body, "", "")
	if err != nil {
		t.Fatal(err)
	}
	blocks := append([]content.Block{{Text: doc.Title, Kind: content.Heading}}, doc.Blocks...)
	lang := langOf(doc.Text())
	d := newDoc(blocks, lang, parseCivil(doc.Published))
	titles := findTitles(d)
	for _, ti := range titles {
		fmt.Printf("TITLE %q %s\n", ti.name, ti.kind)
	}
	ns := findNames(d, titleSpans(d, titles))
	kinds := []string{"?", "ORG", "PER", "LOC", "THING"}
	for _, n := range ns.order {
		fmt.Printf("%-5s org=%4.1f per=%4.1f place=%v thing=%v gaz=%q n=%d  %q\n", kinds[n.kind], n.org, n.person, n.place, n.thing, n.gaz, len(n.mentions), n.text)
	}
	_ = context.Background()
}
