package regulars

import "testing"

// TestLegalFormsFitMax keeps maxLegalForm the length of the longest legal form: longer words
// are not looked up, so a longer form added to legalForms would never be dropped.
func TestLegalFormsFitMax(t *testing.T) {
	for f := range legalForms {
		if len(f) > maxLegalForm {
			t.Errorf("legal form %q is %d bytes, past maxLegalForm (%d)", f, len(f), maxLegalForm)
		}
	}
}
