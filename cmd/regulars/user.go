package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/regulars/regulars"
	"github.com/regulars/regulars/internal/auth"
	"github.com/regulars/regulars/internal/store"
)

type userCmd struct {
	Add    userAddCmd    `cmd:"" help:"Add an owner account of the web app; the password is read from standard input."`
	Passwd userPasswdCmd `cmd:"" help:"Set an account's password, read from standard input; its sessions end."`
}

type userAddCmd struct {
	Login string `arg:"" help:"The login."`
}

func (c *userAddCmd) Run(ctx context.Context, a *app) error {
	hash, err := readPassword(a)
	if err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	u := &regulars.User{Login: c.Login, PasswordHash: hash}
	if err := store.NewUserService(a.db).CreateUser(ctx, u); err != nil {
		return err
	}
	return a.say("cli.user.added", "Login", u.Login)
}

type userPasswdCmd struct {
	Login string `arg:"" help:"The login."`
}

func (c *userPasswdCmd) Run(ctx context.Context, a *app) error {
	hash, err := readPassword(a)
	if err != nil {
		return err
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	if err := store.NewUserService(a.db).SetPasswordHash(ctx, c.Login, hash); err != nil {
		return err
	}
	return a.say("cli.user.password_changed", "Login", c.Login)
}

// readPassword reads the password from the first line of standard input (a pipe in scripts:
// `echo "$PW" | regulars user add anna`) and hashes it. It never comes as a flag, which
// would leave it in the shell history and the process list.
func readPassword(a *app) (string, error) {
	if tr, err := translator(); err == nil {
		fmt.Fprintln(a.stderr, tr.T(a.lang, "cli.user.password_prompt"))
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", regulars.Errorf(regulars.EINVALID, "No password on standard input.").Keyed("cli.user.no_password")
	}
	return auth.HashPassword(strings.TrimRight(line, "\r\n"))
}

// say prints the catalogue's message id, with args, on standard output in the user's language.
func (a *app) say(id string, args ...any) error {
	tr, err := translator()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.stdout, tr.T(a.lang, id, args...))
	return err
}
