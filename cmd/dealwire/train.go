package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/learn"
	"github.com/dealwire/dealwire/extractors/score"
	"github.com/dealwire/dealwire/extractors/train"
)

func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("train", "--corpus DIR", `Trains the deal decisions on an annotated corpus (DIR/articles/NAME.html with
DIR/gold/NAME.json) and writes the model files to --out. The same corpus and
flags always give byte-identical files: the shipped models are reproduced by
  dealwire train --corpus <the train split> --out extractors/models
With --folds K it first prints K-fold cross-validated scores, with the models
and with the rules alone.`, stderr)
	var (
		corpus = fs.String("corpus", "", "corpus folder with articles/ and gold/")
		out    = fs.String("out", "", "folder to write the model files to (nothing is written when empty)")
		folds  = fs.Int("folds", 5, "cross-validation folds (0: none)")
		epochs = fs.Int("epochs", 10, "training passes over the data")
		seed   = fs.Uint64("seed", 1, "shuffling seed of the first run")
		runs   = fs.Int("runs", 5, "shuffled runs whose weights are averaged into each model")
		prior  = fs.Float64("prior", 1, "starting weight of the rules' own type and status")
	)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *corpus == "" {
		return errUsage{"--corpus DIR is required"}
	}
	exs, err := readCorpus(*corpus)
	if err != nil {
		return err
	}
	if *runs < 1 || *epochs < 1 {
		return errUsage{"--runs and --epochs must be at least 1"}
	}
	o := train.Options{Epochs: *epochs, Seed: *seed, Prior: float32(*prior), Runs: *runs}
	if *folds > 0 {
		models, rules, err := train.CrossValidate(ctx, exs, *folds, o)
		if err != nil {
			return err
		}
		acc, err := train.DecisionScores(ctx, exs, *folds, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d-fold cross-validation on %d articles, each decision on its own:\n", *folds, len(exs))
		train.WriteDecisions(stdout, acc)
		fmt.Fprintf(stdout, "\nend to end, trained decisions:\n")
		models.Write(stdout, nil)
		fmt.Fprintf(stdout, "\nthe same folds, rules alone:\n")
		rules.Write(stdout, nil)
	}
	if *out == "" {
		return nil
	}
	m, err := train.Train(ctx, exs, o)
	if err != nil {
		return err
	}
	for _, model := range []*learn.Model{m.Keep, m.Type, m.Status, m.Name} {
		if err := writeModel(filepath.Join(*out, model.Name+".dwm"), model); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s, %s, %s and %s to %s\n", extractors.ModelDealKeep, extractors.ModelDealType, extractors.ModelDealStatus, extractors.ModelNameKind, *out)
	return nil
}

// readCorpus reads every article that has a gold file, in name order.
func readCorpus(dir string) ([]train.Example, error) {
	golds, err := filepath.Glob(filepath.Join(dir, "gold", "*.json"))
	if err != nil {
		return nil, err
	}
	if len(golds) == 0 {
		return nil, fmt.Errorf("no gold files in %s", filepath.Join(dir, "gold"))
	}
	exs := make([]train.Example, 0, len(golds))
	for _, gp := range golds {
		g, err := score.ReadGold(gp)
		if err != nil {
			return nil, err
		}
		page := filepath.Join(dir, "articles", score.Stem(gp)+".html")
		body, err := os.ReadFile(page)
		if err != nil {
			return nil, err
		}
		exs = append(exs, train.Example{Name: score.Stem(gp), Page: extractors.Page{Source: page, Body: body}, Gold: g})
	}
	return exs, nil
}

func writeModel(path string, m *learn.Model) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
