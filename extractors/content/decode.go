package content

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// Errors Parse returns for pages that cannot hold an article.
var (
	ErrEmpty   = errors.New("empty page")
	ErrNotHTML = errors.New("not an HTML page")
)

// sniffLen is how much of the body charset and binary sniffing look at.
const sniffLen = 1024

// Decode returns the page as UTF-8 text. The charset comes from a byte
// order mark, then the Content-Type header, then a <meta> declaration in
// the first kilobyte, and last from sniffing the bytes (UTF-8 if they are
// valid, windows-1252 otherwise). It also returns the charset's name.
func Decode(body []byte, contentType string) (string, string, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return "", "", ErrEmpty
	}
	if err := CheckContentType(contentType); err != nil {
		return "", "", err
	}
	if isBinary(body) {
		return "", "", fmt.Errorf("%w: the body is binary", ErrNotHTML)
	}
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if name != "utf-8" && !certain && utf8.Valid(body) && hasMultibyte(body) {
		// A page that declares a legacy charset in its <meta> but is valid
		// UTF-8 with non-ASCII text is UTF-8: the other reading would be
		// mojibake ("Iâ€™ve").
		name = "utf-8"
	}
	if name == "utf-8" && !utf8.Valid(body) && mostlyInvalid(body) {
		// Declared UTF-8, written in a legacy charset: read it as the one
		// the web uses most, rather than lose every accented letter.
		enc, name = charmap.Windows1252, "windows-1252"
	}
	var text string
	if name == "utf-8" {
		text = string(body)
	} else {
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			// A declaration that does not fit the bytes: fall back to
			// treating them as UTF-8 and repair what is invalid.
			name = "utf-8"
			out = body
		}
		text = string(out)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", "")
	}
	return text, name, nil
}

// CheckContentType accepts an empty type (a local file) and the HTML, XHTML
// and plain-text types; anything else is ErrNotHTML.
func CheckContentType(contentType string) error {
	if contentType == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		// A malformed header: judge by the bytes instead.
		return nil
	}
	switch mt {
	case "text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml":
		return nil
	}
	return fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
}

// isBinary reports whether the start of body looks like binary data rather
// than text in some charset.
func isBinary(body []byte) bool {
	head := body[:min(len(body), sniffLen)]
	if bytes.HasPrefix(head, []byte{0xFE, 0xFF}) || bytes.HasPrefix(head, []byte{0xFF, 0xFE}) {
		return false // UTF-16 with a BOM
	}
	ctrl := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}

// mostlyInvalid reports whether b's non-ASCII bytes are mostly not UTF-8:
// more broken sequences than valid multi-byte characters.
func mostlyInvalid(b []byte) bool {
	bad, good := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			bad++
		} else {
			good++
		}
		b = b[n:]
	}
	return bad > good
}

// hasMultibyte reports whether b holds a byte outside ASCII.
func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
