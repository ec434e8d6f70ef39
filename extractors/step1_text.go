package extractors

import (
	"context"
	"strings"

	"github.com/dealwire/dealwire/extractors/content"
)

// segmenter joins the blocks into one text and cuts it into sentences of
// tokens.
type segmenter struct{}

func (segmenter) name() string { return "text" }

func (segmenter) process(_ context.Context, d *doc) error {
	d.text, d.emph = joinBlocks(d.blocks)
	d.sents = segment(d.text, d.blocks)
	d.lowerSeen = map[string]bool{}
	for _, s := range d.sents {
		for _, t := range s.toks {
			if t.kind == tWord && !t.cap && !t.sentStart {
				d.lowerSeen[t.text] = true
			}
		}
	}
	return nil
}

// joinBlocks returns the blocks' texts joined by blank lines, and their
// emphasised runs as spans of that text.
func joinBlocks(blocks []content.Block) (string, []span) {
	n := 0
	for _, b := range blocks {
		n += len(b.Text) + 2
	}
	var sb strings.Builder
	sb.Grow(n)
	var emph []span
	for i, b := range blocks {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		off := sb.Len()
		sb.WriteString(b.Text)
		for _, e := range b.Emph {
			emph = append(emph, span{off + e.Start, off + e.End})
		}
	}
	return sb.String(), emph
}

// segment cuts text, the blocks joined, into sentences of tokens.
func segment(text string, blocks []content.Block) []sentence {
	var sents []sentence
	off := 0
	for i, b := range blocks {
		for _, s := range splitSentences(b.Text) {
			st := sentence{start: off + s.start, end: off + s.end, block: i, heading: b.Kind == content.Heading}
			st.toks = tokenize(text, st.start, st.end)
			if len(st.toks) > 0 {
				st.toks[0].sentStart = true
				// A sentence opening with a quote mark: the first word
				// after it is sentence-initial too.
				for j := 0; j < len(st.toks) && st.toks[j].kind == tPunct; j++ {
					if j+1 < len(st.toks) {
						st.toks[j+1].sentStart = true
					}
				}
			}
			sents = append(sents, st)
		}
		off += len(b.Text) + 2
	}
	return sents
}
