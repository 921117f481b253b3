package importer

import "github.com/regulars/regulars"

// blank reports whether s is empty or only spaces.
func blank(s string) bool { return regulars.TrimSpace(s) == "" }
