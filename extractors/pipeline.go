package extractors

import (
	"context"
	"fmt"

	"github.com/dealwire/dealwire/extractors/content"
)

// The extraction pipeline: a doc goes through components in a fixed order,
// each adding one layer of annotation that the ones after it read.

// component adds one layer to a doc. Components are read-only after
// construction, so one pipeline serves concurrent extractions; whatever
// they keep while working lives on the doc.
type component interface {
	name() string
	process(ctx context.Context, d *doc) error
}

// pipeline is the components of an extraction, in the order they run.
type pipeline []component

// newPipeline returns the extraction pipeline, its deal decisions taken
// with models (nil: by the rules alone).
func newPipeline(models *Models) pipeline {
	return pipeline{
		segmenter{},              // text: sentences and tokens
		titleFinder{},            // mentions: titles of works, quoted or cued
		nameFinder{},             // mentions: capitalised names and their kinds
		workTitleFinder{},        // mentions: titles told by the names around them
		nameRefinder{},           // mentions: names again, outside the new titles
		nameTyper{models.name()}, // mentions: company, person or other, as trained
		companyGrouper{},         // companies and their aliases
		dateFinder{},             // dates
		figureFinder{},           // figures
		dealDrafter{},            // deals as the clauses report them
		candidateMaker{},         // deal candidates with their features
		dealDecider{models: models},
		assembler{}, // the result
	}
}

// run opens a doc over blocks and passes it through every component,
// stopping at the first error or when ctx ends.
func (p pipeline) run(ctx context.Context, blocks []content.Block, lang string, pub civil) (*doc, error) {
	d := &doc{blocks: blocks, lang: lang, pub: pub}
	for _, c := range p {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := c.process(ctx, d); err != nil {
			return nil, fmt.Errorf("%s: %w", c.name(), err)
		}
	}
	return d, nil
}
