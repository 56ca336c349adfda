package schema

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnescapeHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"\u003cregion\u003e"`, `"<region>"`},
		{`"a \u0026 b"`, `"a & b"`},
		{`"\\u003c"`, `"\\u003c"`}, // an escaped backslash, then text
		{`"\"\u003c\""`, `"\"<\""`},
		{`"\u00e9"`, `"\u00e9"`},
		{`"\`, `"\`},
	} {
		assert.Equal(t, tc.want, string(unescapeHTML([]byte(tc.in))), tc.in)
	}
}
