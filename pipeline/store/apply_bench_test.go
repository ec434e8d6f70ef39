package store

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dealwire/dealwire/extractors"
)

// BenchmarkApply stores batches of new articles, as the sink does: the
// fixtures' results under fresh article ids, so that every article adds
// sources to the same few deals and names to the same few companies.
// ns/op is per article.
func BenchmarkApply(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*.json"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixture results: %v", err)
	}
	var base []extractors.Result
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		var r extractors.Result
		if err := json.Unmarshal(data, &r); err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		base = append(base, r)
	}
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "deals.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const batch = 100
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		var rs []*extractors.Result
		for j := i; j < min(i+batch, b.N); j++ {
			r := base[j%len(base)]
			r.Article.ID = fmt.Sprintf("art-%08d", j)
			rs = append(rs, &r)
		}
		if _, err := s.Apply(context.Background(), Batch{Results: rs}); err != nil {
			b.Fatal(err)
		}
	}
}
