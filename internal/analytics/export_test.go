package analytics

// FitSample is fitSample, with the sample size given, for the tests.
func FitSample(cs []Customer, size int) []Customer {
	old := fitSampleSize
	defer func() { fitSampleSize = old }()
	fitSampleSize = size
	return fitSample(cs)
}
