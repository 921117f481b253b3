package auth

// HoldHashing takes every hashing slot until release is called.
func HoldHashing() (release func()) {
	for range cap(hashing) {
		hashing <- struct{}{}
	}
	return func() {
		for range cap(hashing) {
			<-hashing
		}
	}
}
