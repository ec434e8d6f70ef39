package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/score"
	"github.com/dealwire/dealwire/pipeline/fetch"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "--gold DIR FILE|URL|- ...", `Extracts each page and scores it against the gold file of the same name in
DIR (page.html pairs with DIR/page.json; see the gold guide for the format),
then prints precision, recall and F1 per field. With -v it also prints what
each article missed and added. Measure dealwire on your own annotated
articles with it.`, stderr)
	var (
		pf      pageFlags
		goldDir = fs.String("gold", "", "folder of gold files, one NAME.json per page NAME.*")
		verbose = fs.Bool("v", false, "print each article's misses and extras")
		rules   = fs.Bool("rules", false, "decide deals by the rules alone, without the trained models")
	)
	pf.register(fs)
	ins, f, err := pf.parse(fs, args, stderr)
	if err != nil {
		return err
	}
	if *goldDir == "" {
		return errUsage{"--gold DIR is required"}
	}
	if st, err := os.Stat(*goldDir); err != nil || !st.IsDir() {
		return errUsage{fmt.Sprintf("--gold %s: not a folder", *goldDir)}
	}
	e := evaluator{f: f, x: extractors.New(), opts: extractors.Options{Rules: *rules}, tab: score.NewTable(*verbose)}
	failed := 0
	for _, in := range ins {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := e.add(ctx, in, *goldDir); err != nil {
			failed++
			fmt.Fprintf(stderr, "dealwire eval: %s: %v\n", in, err)
		}
	}
	for _, m := range e.tab.Misses {
		fmt.Fprintln(stdout, m)
	}
	if err := e.tab.Write(stdout, nil); err != nil {
		return err
	}
	if err := e.tab.WriteMisses(stdout); err != nil {
		return err
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// evaluator extracts pages and scores them into one table.
type evaluator struct {
	f    *fetch.Fetcher
	x    *extractors.Extractor
	opts extractors.Options
	tab  *score.Table
}

func (e *evaluator) add(ctx context.Context, in, goldDir string) error {
	name := score.Stem(in)
	g, err := score.ReadGold(filepath.Join(goldDir, name+".json"))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no gold file %s.json in %s", name, goldDir)
	}
	if err != nil {
		return err
	}
	raw, err := e.f.Fetch(ctx, in)
	if err != nil {
		return err
	}
	res, err := e.x.Extract(ctx, raw.Page(), e.opts)
	if err != nil {
		return err
	}
	e.tab.Add(name, res, g)
	return nil
}
