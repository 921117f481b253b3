// Command regulars is the Regulars binary: the web app (serve) and the command line that
// imports sheets, lists and adds clients and orders, exports, and generates a demo business.
//
// main only calls run, which takes everything from outside as arguments, so that tests run
// the whole program in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
	_ "time/tzdata" // client time zones work on machines without a zoneinfo database

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/locale"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line args and returns the exit status. Errors are printed as one line
// on stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAt(ctx, time.Now, args, getenv, stdin, stdout, stderr)
}

// runAt is run with the clock given: tests fix it.
func runAt(ctx context.Context, now func() time.Time, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, now: now}
	defer a.close()
	err := a.run(ctx, args)
	if err == nil {
		return 0
	}
	var e exitError
	if errors.As(err, &e) { // kong wraps what a command returns
		return int(e)
	}
	// One line, as scripts read it: a driver's error may span several.
	fmt.Fprintln(stderr, "regulars: "+strings.NewReplacer("\r\n", " ", "\n", " ").Replace(errorLine(err, a.lang)))
	return exitCode(err)
}

// exitError is an exit status whose message has already been printed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// errorLine returns the one line the CLI prints for err: the message of an application error
// (with the cause, the operator is the user here), or the error itself; a check of the domain
// that names its message in the catalogue says it in lang, other than English.
func errorLine(err error, lang string) string {
	if lang == locale.EN || lang == "" {
		return err.Error()
	}
	return errorText(err, lang)
}

// errorText returns what err says in lang (see locale.Translator.Error).
func errorText(err error, lang string) string {
	tr, terr := translator()
	if terr != nil {
		return regulars.ErrorMessage(err)
	}
	var e *regulars.Error
	if !errors.As(err, &e) { // the operator is the user: a missing database, a dropped connection
		return tr.T(lang, "cli.internal_error", "Cause", err.Error())
	}
	return tr.Error(lang, err)
}

// translator returns the CLI's messages, loaded once.
var translator = sync.OnceValues(locale.NewTranslator)

// exitCode maps an error to the process exit status, in this one place.
func exitCode(err error) int {
	switch regulars.ErrorCode(err) {
	case regulars.EINVALID:
		return 2
	case regulars.ENOTFOUND:
		return 3
	case regulars.ECONFLICT:
		return 4
	case regulars.EUNAUTHORIZED, regulars.EFORBIDDEN:
		return 5
	}
	return 1
}
