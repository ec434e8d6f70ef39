package extractors

import (
	"regexp"
	"strings"
)

// wordBoundary stands for \b in cue patterns. Go's \b only knows ASCII
// word characters, so "payé" or "à terme" would have no boundary at their
// accented end; this one knows every letter. It consumes the character
// next to the word, which does not matter to patterns used only to test
// for a match.
const wordBoundary = `(?:^|$|[^\pL\pN_])`

// cueRe compiles a cue pattern with Unicode word boundaries and word
// characters: \w matches "é" too.
func cueRe(pattern string) *regexp.Regexp {
	pattern = strings.NewReplacer(`\b`, wordBoundary, `\w`, `[\pL\pN_]`, `\W`, `[^\pL\pN_]`).Replace(pattern)
	return regexp.MustCompile(pattern)
}
