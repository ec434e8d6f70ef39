package extractors

import "context"

// workTitleFinder adds the titles of works told by the names around them
// ("Netflix's House of Cards", "la série Plus belle la vie").
type workTitleFinder struct{}

func (workTitleFinder) name() string { return "work titles" }

func (workTitleFinder) process(_ context.Context, d *doc) error {
	if more := structuralTitles(d, d.names, d.titles); len(more) > len(d.titles) {
		d.titles = more
	}
	return nil
}
