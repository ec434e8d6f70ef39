package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/fetch"
)

func cmdParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("parse", "FILE|URL|- ...", `Prints the article result of each page, one JSON object per line, without
NATS: the extractor as a library, for debugging and evaluation.`, stderr)
	var (
		pf        pageFlags
		published = fs.String("published", "", "publication date to resolve relative dates against (YYYY-MM-DD)")
		lang      = fs.String("lang", "", "language of the pages (en, fr); detected when empty")
		text      = fs.Bool("text", false, "include the main text in article.text")
	)
	pf.register(fs)
	ins, f, err := pf.parse(fs, args, stderr)
	if err != nil {
		return err
	}
	x := extractors.New()
	opts := extractors.Options{Published: *published, Lang: *lang, Text: *text}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, in := range ins {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		raw, err := f.Fetch(ctx, in)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "dealwire parse: %s: %v\n", in, err)
			continue
		}
		res, err := x.Extract(ctx, raw.Page(), opts)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "dealwire parse: %s: %v\n", in, err)
			continue
		}
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

// pageFlags are the flags of the commands that read pages without NATS:
// inputs, logging and fetching.
type pageFlags struct {
	cf commonFlags
	ff fetchFlags
	in inputFlags
}

func (p *pageFlags) register(fs *flag.FlagSet) {
	p.in.register(fs)
	p.cf.register(fs)
	p.ff.register(fs)
}

// parse returns the inputs and a fetcher that logs to stderr.
func (p *pageFlags) parse(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, *fetch.Fetcher, error) {
	ins, err := p.in.parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	log, err := p.cf.logger(stderr)
	if err != nil {
		return nil, nil, err
	}
	cfg := p.ff.config()
	cfg.Logger = log
	return ins, fetch.New(cfg), nil
}

func cmdVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "dealwire (extractor %s, message schema %s)\n", extractors.Version, pipeline.SchemaVersion)
	return nil
}
