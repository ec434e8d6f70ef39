package extractors

import (
	"context"
	"testing"
)

func TestDetectLang(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Netflix has signed a deal with the studio for the series, which will be shown in the autumn.", "en"},
		{"Netflix a signé un accord avec les studios pour la production de la série, qui sera diffusée cet automne.", "fr"},
		{"Netflix hat mit dem Studio einen Vertrag über die Serie unterzeichnet, die im Herbst auf der Plattform zu sehen sein wird.", "de"},
		{"Netflix ha firmado un acuerdo con el estudio para la serie, que se estrenará en otoño en la plataforma.", "es"},
		{"Netflix ha firmato un accordo con lo studio per la serie, che sarà disponibile in autunno sulla piattaforma.", "it"},
		{"Netflix Sony", ""},
	} {
		if got := detectLang(c.text); got != c.want {
			t.Errorf("detectLang(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestOtherLanguageKnownOnly: a German article yields the companies the
// knowledge base knows and nothing that English or French rules would
// guess.
func TestOtherLanguageKnownOnly(t *testing.T) {
	page := `<html><head><title>Neue Partnerschaft</title></head><body><article>
<p>Die Sendergruppe ProSiebenSat.1 hat am Dienstag eine Vereinbarung mit Netflix über die Verbreitung der Plattform unterzeichnet, wie das Unternehmen mitteilte.</p>
<p>Der Vertrag gilt ab dem 1. März 2024 und umfasst 12 Millionen Haushalte in Deutschland, sagte der Chef Bert Habets.</p></article></body></html>`
	res, err := New().Extract(context.Background(), Page{Source: "de.html", Body: []byte(page)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Article.Lang != "de" {
		t.Fatalf("lang %q, want de", res.Article.Lang)
	}
	names := map[string]bool{}
	for _, c := range res.Companies {
		names[c.Name] = true
	}
	if !names["Netflix"] || len(names) < 2 {
		t.Errorf("companies %v: want Netflix and ProSiebenSat.1", names)
	}
	if len(res.Deals)+len(res.People)+len(res.Dates)+len(res.Figures)+len(res.Titles) != 0 {
		t.Errorf("guesses from other languages' rules: %+v", res)
	}
}
