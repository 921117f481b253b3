package store_test

import "net/url"

// replaceDBName returns dsn with its database name replaced.
func replaceDBName(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}
