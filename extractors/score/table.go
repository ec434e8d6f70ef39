package score

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dealwire/dealwire/extractors"
)

// Table adds up the counts of many articles, field by field.
type Table struct {
	Fields   map[string]*Counts
	Articles int
	// Misses holds, with per-article detail on, one line per article and
	// field that missed or added something.
	Misses []string
	// DealMisses counts the required deals missed (with status), by cause:
	// see MissCauses.
	DealMisses map[string]int
	detail     bool
}

// MissCauses name why a required deal was missed, in the order they are
// tried: a deal with its parties and type but another status; with its
// parties but another type; of its type with only some of its parties;
// with only some of its parties and another type; nothing with any of its
// parties.
var MissCauses = []string{"status", "type", "party", "party+type", "none"}

// NewTable returns an empty table; with detail it keeps per-article
// misses.
func NewTable(detail bool) *Table {
	t := &Table{Fields: map[string]*Counts{}, DealMisses: map[string]int{}, detail: detail}
	for _, f := range Fields {
		t.Fields[f] = &Counts{}
	}
	return t
}

// Add scores one article into the table; name labels its misses.
func (t *Table) Add(name string, res *extractors.Result, g *Gold) {
	t.Articles++
	counts := Article(res, g)
	for _, gd := range g.Deals.Required {
		if !dealFound(res.Deals, gd) {
			t.DealMisses[missCause(res.Deals, gd)]++
		}
	}
	for _, f := range Fields {
		c := counts[f]
		t.Fields[f].Add(c)
		if t.detail && (len(c.Missed) > 0 || len(c.Extra) > 0) {
			t.Misses = append(t.Misses, fmt.Sprintf("%s %-12s missed %q extra %q", name, f, c.Missed, c.Extra))
		}
	}
}

func dealFound(pred []extractors.Deal, gd GoldDeal) bool {
	for _, p := range pred {
		if p.Type == gd.Type && p.Status == gd.Status && SameParties(p, gd) {
			return true
		}
	}
	return false
}

func missCause(pred []extractors.Deal, gd GoldDeal) string {
	cause := "none"
	for _, p := range pred {
		switch {
		case SameParties(p, gd) && p.Type == gd.Type:
			return "status"
		case SameParties(p, gd):
			cause = "type"
		case cause != "type" && sharesParty(p, gd) && p.Type == gd.Type:
			cause = "party"
		case cause == "none" && sharesParty(p, gd):
			cause = "party+type"
		}
	}
	return cause
}

func sharesParty(p extractors.Deal, gd GoldDeal) bool {
	for _, a := range gd.Parties {
		if hasParty(p, a) {
			return true
		}
	}
	return false
}

// WriteMisses prints the missed deals by cause.
func (t *Table) WriteMisses(w io.Writer) error {
	var b strings.Builder
	b.WriteString("required deals missed, by cause:")
	for _, c := range MissCauses {
		fmt.Fprintf(&b, " %s %d,", c, t.DealMisses[c])
	}
	_, err := io.WriteString(w, strings.TrimSuffix(b.String(), ",")+"\n")
	return err
}

// F1 returns one field's F1.
func (t *Table) F1(field string) float64 {
	_, _, f := t.Fields[field].PRF()
	return f
}

// Write prints the per-field table; targets, when given, add a column.
func (t *Table) Write(w io.Writer, targets map[string]float64) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s %9s %7s %7s", "field", "precision", "recall", "F1")
	if targets != nil {
		fmt.Fprintf(&b, " %7s", "goal")
	}
	fmt.Fprintf(&b, " %5s %5s %5s\n", "tp", "fp", "fn")
	for _, f := range Fields {
		c := t.Fields[f]
		p, r, f1 := c.PRF()
		fmt.Fprintf(&b, "%-13s %9.3f %7.3f %7.3f", f, p, r, f1)
		if targets != nil {
			tg := "-"
			if v, ok := targets[f]; ok {
				tg = fmt.Sprintf("%.2f", v)
			}
			fmt.Fprintf(&b, " %7s", tg)
		}
		fmt.Fprintf(&b, " %5d %5d %5d\n", c.TP, c.FP, c.FN)
	}
	fmt.Fprintf(&b, "articles: %d\n", t.Articles)
	_, err := io.WriteString(w, b.String())
	return err
}

// Stem is a page's or gold file's name without folder and extension: the
// key that pairs them.
func Stem(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}
