package fetch

import (
	"io"
	"math/rand"
	"net/http"
	"testing"

	"github.com/dealwire/dealwire/extractors/content"
)

// TestFetchBodies: bodies that are not what their headers say either fail
// with a reason or are kept, raw, for the extractor to decode as shown.
func TestFetchBodies(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), make([]byte, 512)...)
	noise := make([]byte, 4096)
	rand.New(rand.NewSource(7)).Read(noise)
	tests := []struct {
		name    string
		ct      string
		body    string
		wantErr string // exact reason; empty: fetched
		text    string // what content.Decode makes of the body
		charset string
	}{
		{"PNG served as HTML", "text/html", string(png), "not an HTML page: the body is binary", "", ""},
		{"random bytes served as HTML", "text/html; charset=utf-8", string(noise), "not an HTML page: the body is binary", "", ""},
		{"NUL-padded HTML", "text/html", "<p>Sony signed with Netflix.</p>\x00\x00\x00\x00", "not an HTML page: the body is binary", "", ""},
		// A few invalid bytes in UTF-8 are replaced.
		{"invalid UTF-8", "text/html; charset=utf-8", "<p>Sony é \xc3\x28 Netflix à ü \xff deal.</p>", "",
			"<p>Sony é \uFFFD( Netflix à ü \uFFFD deal.</p>", "utf-8"},
		// A page declared UTF-8 whose bytes mostly are not is read as
		// windows-1252.
		{"windows-1252 declared UTF-8", "text/html; charset=utf-8", "<p>Caf\xe9 cr\xe8me: Sony signs \x93exclusive\x94 deal.</p>", "",
			"<p>Café crème: Sony signs “exclusive” deal.</p>", "windows-1252"},
		{"UTF-8 with one stray byte", "text/html; charset=utf-8", "<p>Café crème \xe9 déjà.</p>", "",
			"<p>Café crème \uFFFD déjà.</p>", "utf-8"},
		// Declared rightly, or not at all, the same bytes decode.
		{"windows-1252 declared", "text/html; charset=windows-1252", "<p>Caf\xe9 cr\xe8me: Sony signs \x93exclusive\x94 deal.</p>", "",
			"<p>Café crème: Sony signs “exclusive” deal.</p>", "windows-1252"},
		{"windows-1252 undeclared", "text/html", "<p>Caf\xe9 cr\xe8me: Sony signs \x93exclusive\x94 deal.</p>", "",
			"<p>Café crème: Sony signs “exclusive” deal.</p>", "windows-1252"},
		{"UTF-8 declared latin-1 in a meta", "text/html", `<meta charset="iso-8859-1"><p>Café crème.</p>`, "",
			`<meta charset="iso-8859-1"><p>Café crème.</p>`, "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ct)
				io.WriteString(w, tt.body)
			})
			f := New(testConfig())
			if tt.wantErr != "" {
				fe := fetchErr(t, f, srv.URL+"/b")
				if fe.Reason != tt.wantErr || fe.Temporary {
					t.Errorf("reason %q (temporary %v), want %q", fe.Reason, fe.Temporary, tt.wantErr)
				}
				return
			}
			a := mustFetch(t, f, srv.URL+"/b")
			if string(a.Body) != tt.body {
				t.Errorf("body %q, want the bytes sent", a.Body)
			}
			text, cs, err := content.Decode(a.Body, a.ContentType)
			if err != nil || text != tt.text || cs != tt.charset {
				t.Errorf("Decode = %q, %q, %v; want %q, %q", text, cs, err, tt.text, tt.charset)
			}
		})
	}
}
