-- wrk script: sends the session cookie from $REGULARS_COOKIE and prints the latency
-- percentiles and the page size on one line.
wrk.headers["Cookie"] = os.getenv("REGULARS_COOKIE")
wrk.headers["Accept-Language"] = "ru"
-- Any answer but 200 (a lost session answers 303) is counted as an error by wrk's
-- "non-2xx" tally, which done() prints.
done = function(summary, latency, requests)
  io.write(string.format("requests %d  errors %d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  rps %.0f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
