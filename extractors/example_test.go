package extractors_test

import (
	"context"
	"fmt"

	"github.com/dealwire/dealwire/extractors"
)

func ExampleExtractor_Extract() {
	page := extractors.Page{
		Source: "example.html",
		URL:    "https://news.example/2013/10/14/sony-netflix",
		Body: []byte(`<html lang="en"><head><title>Sony signs with Netflix</title></head><body>
<nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
<article><h1>Sony signs with Netflix</h1>
<p>Sony Pictures Television has signed a deal with Netflix to create original series for the streaming service, its first such deal.</p>
<p>Production of the one-hour drama will begin early next year, the companies said.</p>
</article>
<footer>© News Example</footer></body></html>`),
	}
	res, err := extractors.New().Extract(context.Background(), page, extractors.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("published:", res.Article.Published)
	for _, c := range res.Companies {
		fmt.Println("company:", c.Name)
	}
	for _, d := range res.Dates {
		fmt.Printf("date: %q = %s\n", d.Text, d.Value)
	}
	for _, d := range res.Deals {
		fmt.Println("deal:", d.Type, d.Status, d.Parties[0].Name, "+", d.Parties[1].Name)
	}
	// Output:
	// published: 2013-10-14
	// company: Sony Pictures Television
	// company: Netflix
	// date: "early next year" = 2014
	// deal: production agreed Sony Pictures Television + Netflix
}

func ExampleParseNumber() {
	for _, in := range []struct{ s, lang string }{{"630.000", "fr"}, {"29,81", "fr"}, {"1,500", "en"}} {
		v, _ := extractors.ParseNumber(in.s, in.lang)
		fmt.Println(in.s, "→", v)
	}
	// Output:
	// 630.000 → 630000
	// 29,81 → 29.81
	// 1,500 → 1500
}

func ExampleCompanyKey() {
	fmt.Println(extractors.CompanyKey("Sony Television Pictures"))
	fmt.Println(extractors.CompanyKey("les studios Sony"))
	fmt.Println(extractors.CompanyKey("Lions Gate Entertainment Group"))
	// Output:
	// sony
	// sony
	// lions gate
}
