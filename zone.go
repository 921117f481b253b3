package regulars

import (
	"sync"
	"time"
)

// zones caches the locations LoadLocation has found, by name.
var zones sync.Map

// LoadLocation is time.LoadLocation remembered: the standard one reads the zone database on
// every call, and letters, their send windows and the outbox ask for a client's zone for every
// letter. Unknown names are not remembered (they are rare and their error says why).
func LoadLocation(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, l)
	return l, nil
}
