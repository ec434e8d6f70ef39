package pipeline_test

import (
	"fmt"

	"github.com/dealwire/dealwire/pipeline"
)

func ExampleRawSubject() {
	fmt.Println(pipeline.RawSubject("www.Example.com:8443"))
	fmt.Println(pipeline.RawSubject(""))
	// Output:
	// articles.raw.www.example.com
	// articles.raw.local
}

func ExampleDealSubject() {
	fmt.Println(pipeline.DealSubject("production", "agreed"))
	fmt.Println(pipeline.DLQSubject(pipeline.StageExtract))
	// Output:
	// deals.production.agreed
	// dealwire.dlq.extract
}

func ExampleArticleID() {
	// The same page fetched twice has the same id, so JetStream drops the
	// second copy; a changed page gets a new one.
	a := pipeline.ArticleID("https://news.example/a", []byte("<p>v1</p>"))
	b := pipeline.ArticleID("https://news.example/a", []byte("<p>v1</p>"))
	c := pipeline.ArticleID("https://news.example/a", []byte("<p>v2</p>"))
	fmt.Println(a == b, a == c, len(a))
	// Output: true false 32
}
