package extractors_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwire/dealwire/extractors"
)

// FuzzExtract feeds arbitrary pages (HTML and plain text) to the extractor:
// it must never panic, and what it returns must be well formed.
func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob("../fixtures/*.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "text/html")
		}
	}
	f.Add([]byte("Sony a signé un accord avec Netflix au deuxième trimestre 2013 pour 7,5 Md$."), "text/plain")
	f.Add([]byte("<p>“Unclosed quote by Acme Inc. in Q4 2013 for $5.4bn"), "")
	f.Add([]byte(strings.Repeat("<div>", 3000)), "text/html")
	f.Add([]byte{0xff, 0xfe, 0x00, 0x41}, "text/html; charset=utf-16")
	f.Add([]byte("Netflix, qui diffusera la série, a conclu un partenariat avec TF1. Elle a racheté Gimlet, ainsi que l'interface Anchor. Its joint venture with TCI, Redstone said."), "text/plain")
	f.Add([]byte("X's purchase of a 19.9% stake in Y; the deal was called off. America&#191;s League (NFL) signed with \"Z\", le \"Mister Big\" de Carrie Bradshaw"), "text/plain")
	x := extractors.New()
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := x.Extract(ctx, extractors.Page{Source: "fuzz.html", Body: body, ContentType: ct}, extractors.Options{Text: true})
		if err != nil {
			return
		}
		for _, d := range res.Dates {
			if len(d.Value) < 4 {
				t.Errorf("date value %q", d.Value)
			}
		}
		for _, d := range res.Deals {
			if d.ID == "" || d.Type == "" || d.Status == "" {
				t.Errorf("incomplete deal %+v", d)
			}
		}
	})
}
