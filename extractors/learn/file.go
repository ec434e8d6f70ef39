package learn

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// magic opens every model file; Format is its layout's version.
const (
	magic  = "DWM1"
	Format = 1
)

// Write encodes m: the magic, the format, the hash bits, the name and
// labels, then each feature's weights in feature order, so that the same
// model always gives the same bytes.
func (m *Model) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(magic)
	put := func(v uint32) { binary.Write(bw, binary.LittleEndian, v) }
	put(Format)
	put(Bits)
	putString(bw, m.Name)
	putString(bw, strings.Join(m.Labels, "\x1f"))
	ids := make([]uint32, 0, len(m.weights))
	for id := range m.weights {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	put(uint32(len(ids)))
	for _, id := range ids {
		put(id)
		for _, v := range m.weights[id] {
			put(math.Float32bits(v))
		}
	}
	return bw.Flush()
}

func putString(w *bufio.Writer, s string) {
	binary.Write(w, binary.LittleEndian, uint32(len(s)))
	w.WriteString(s)
}

// Read decodes a model written by Write. It refuses another format or hash
// size rather than guess.
func Read(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("not a dealwire model file")
	}
	var format, bits, n uint32
	if err := readAll(br, &format, &bits); err != nil {
		return nil, err
	}
	if format != Format || bits != Bits {
		return nil, fmt.Errorf("model file format %d with %d hash bits; this build reads format %d with %d", format, bits, Format, Bits)
	}
	name, err := getString(br)
	if err != nil {
		return nil, err
	}
	labels, err := getString(br)
	if err != nil {
		return nil, err
	}
	m := &Model{Name: name, Labels: strings.Split(labels, "\x1f"), weights: map[uint32][]float32{}}
	if err := readAll(br, &n); err != nil {
		return nil, err
	}
	if n > mask+1 {
		return nil, fmt.Errorf("model %s: %d features in a space of %d", name, n, mask+1)
	}
	for range n {
		var id uint32
		w := make([]uint32, len(m.Labels))
		if err := readAll(br, &id, w); err != nil {
			return nil, err
		}
		ws := make([]float32, len(w))
		for i, b := range w {
			ws[i] = math.Float32frombits(b)
		}
		m.weights[id&mask] = ws
	}
	return m, nil
}

func readAll(r io.Reader, vs ...any) error {
	for _, v := range vs {
		if err := binary.Read(r, binary.LittleEndian, v); err != nil {
			return fmt.Errorf("truncated model file: %w", err)
		}
	}
	return nil
}

func getString(r io.Reader) (string, error) {
	var n uint32
	if err := readAll(r, &n); err != nil {
		return "", err
	}
	if n > 1<<16 {
		return "", fmt.Errorf("model file string of %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("truncated model file: %w", err)
	}
	return string(b), nil
}
