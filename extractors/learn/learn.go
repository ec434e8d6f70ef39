// Package learn owns dealwire's small trained decisions: hashed features,
// an averaged perceptron over them, deterministic training and a
// versioned binary model file. It is pure Go, with no I/O beyond the
// readers and writers it is given.
package learn

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Bits is the size of the hashed feature space: 2^Bits rows.
const Bits = 18

const mask = 1<<Bits - 1

// Features are hashed feature ids, one per active feature.
type Features []uint32

// Add appends the feature named by template and value. FNV-1a keeps the
// hash stable across processes, so saved weights line up.
func (f *Features) Add(template, value string) {
	*f = append(*f, Hash(template, value))
}

// AddParts appends the feature named by template and the values joined
// with "/" (see HashParts).
func (f *Features) AddParts(template string, values ...string) {
	*f = append(*f, HashParts(template, values...))
}

// Hash is the id of the feature named by template and value.
func Hash(template, value string) uint32 {
	return HashParts(template, value)
}

// HashParts is Hash of template and the values joined with "/", without
// building the joined string: HashParts("t", "a", "b") == Hash("t", "a/b").
func HashParts(template string, values ...string) uint32 {
	h := fnvString(offset32, template)
	h = (h ^ 0) * prime32
	for i, v := range values {
		if i > 0 {
			h = (h ^ '/') * prime32
		}
		h = fnvString(h, v)
	}
	return h & mask
}

// FNV-1a, 32 bits, written out so that hashing allocates nothing.
const (
	offset32 = 2166136261
	prime32  = 16777619
)

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * prime32
	}
	return h
}

// Prior is a starting weight: the rules' own answer, which training then
// corrects where the data disagrees.
type Prior struct {
	Feature uint32
	Class   int
	Weight  float32
}

// Example is one training instance: its features and its class index.
type Example struct {
	Features Features
	Class    int
}

// Model is a trained linear classifier over hashed features.
type Model struct {
	Name    string
	Labels  []string
	weights map[uint32][]float32 // feature → weight per class
}

// Scores returns one score per label.
func (m *Model) Scores(f Features) []float32 {
	s := make([]float32, len(m.Labels))
	for _, id := range f {
		if w, ok := m.weights[id]; ok {
			for c, v := range w {
				s[c] += v
			}
		}
	}
	return s
}

// Predict returns the best label's index and its margin over the runner-up;
// ties go to the lowest index.
func (m *Model) Predict(f Features) (int, float32) {
	s := m.Scores(f)
	if len(s) == 0 {
		return 0, 0
	}
	best, second := 0, float32(math.Inf(-1))
	for c := 1; c < len(s); c++ {
		if s[c] > s[best] {
			best, second = c, s[best]
		} else if s[c] > second {
			second = s[c]
		}
	}
	if len(s) < 2 {
		return best, 0
	}
	return best, s[best] - second
}

// Label returns the best label.
func (m *Model) Label(f Features) string {
	c, _ := m.Predict(f)
	return m.Labels[c]
}

// Train fits an averaged perceptron: epochs passes over the examples in an
// order shuffled by seed, weights averaged over every step. The same
// examples, labels, epochs and seed always give the same model.
func Train(name string, labels []string, examples []Example, epochs int, seed uint64, priors ...Prior) *Model {
	p := newPerceptron(len(labels))
	for _, pr := range priors {
		p.bump(pr.Feature, pr.Class, pr.Weight)
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			p.update(examples[i])
		}
	}
	return &Model{Name: name, Labels: slices.Clone(labels), weights: p.average()}
}

// Average returns the model whose weights are the mean of ms's: models
// trained on the same examples in different orders vote as one, which
// depends less on any one order. ms share their labels.
func Average(name string, ms ...*Model) *Model {
	out := &Model{Name: name, weights: map[uint32][]float32{}}
	if len(ms) == 0 {
		return out
	}
	out.Labels = slices.Clone(ms[0].Labels)
	n := float32(len(ms))
	for _, m := range ms {
		for id, w := range m.weights {
			sum := out.weights[id]
			if sum == nil {
				sum = make([]float32, len(out.Labels))
				out.weights[id] = sum
			}
			for c, v := range w {
				sum[c] += v / n
			}
		}
	}
	return out
}

// perceptron holds the weights being learnt with lazy averaging: each
// weight's running total is brought up to date only when it changes.
type perceptron struct {
	classes int
	t       int
	w       map[uint32][]float32
	tot     map[uint32][]float64
	stamp   map[uint32][]int
}

func newPerceptron(classes int) *perceptron {
	return &perceptron{classes: classes, w: map[uint32][]float32{}, tot: map[uint32][]float64{}, stamp: map[uint32][]int{}}
}

// update learns from one example: when the true class does not score
// strictly above every other class (a tie counts as a mistake, so that no
// class wins by default), the true class gains the example's features and
// the best other class loses them.
func (p *perceptron) update(e Example) {
	p.t++
	s := make([]float32, p.classes)
	for _, id := range e.Features {
		for c, v := range p.w[id] {
			s[c] += v
		}
	}
	rival := -1
	for c := range s {
		if c != e.Class && (rival < 0 || s[c] > s[rival]) {
			rival = c
		}
	}
	if rival < 0 || s[e.Class] > s[rival] {
		return
	}
	for _, id := range e.Features {
		p.bump(id, e.Class, 1)
		p.bump(id, rival, -1)
	}
}

func (p *perceptron) bump(id uint32, c int, d float32) {
	if p.w[id] == nil {
		p.w[id] = make([]float32, p.classes)
		p.tot[id] = make([]float64, p.classes)
		p.stamp[id] = make([]int, p.classes)
	}
	p.tot[id][c] += float64(p.t-p.stamp[id][c]) * float64(p.w[id][c])
	p.stamp[id][c] = p.t
	p.w[id][c] += d
}

func (p *perceptron) average() map[uint32][]float32 {
	if p.t == 0 {
		return p.w // no step taken: the starting weights
	}
	out := make(map[uint32][]float32, len(p.w))
	for id, w := range p.w {
		avg := make([]float32, p.classes)
		nonzero := false
		for c := range w {
			tot := p.tot[id][c] + float64(p.t-p.stamp[id][c])*float64(w[c])
			avg[c] = float32(tot / float64(max(p.t, 1)))
			nonzero = nonzero || avg[c] != 0
		}
		if nonzero {
			out[id] = avg
		}
	}
	return out
}
