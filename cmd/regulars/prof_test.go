package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestProfImport(t *testing.T) {
	var out, errb bytes.Buffer
	os.Remove("/tmp/bench/p.db")
	args := append([]string{"--db", "/tmp/bench/p.db", "import"}, strings.Fields(os.Getenv("PROF_ARGS"))...)
	code := run(context.Background(), args, func(string) string { return "" }, nil, &out, &errb)
	t.Log(code, out.String()[:min(300, out.Len())], errb.String())
}
