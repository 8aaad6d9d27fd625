namespace Portal.Dispatch;

/// <summary>What this host may still send to one subscription now: its share of the in-flight limit and of the rate
/// limit (a token bucket holding at most one second of the host's share), and for an ordered subscription one
/// delivery at a time. Used only by the dispatcher's claim loop and its send completions.</summary>
public sealed class EndpointBudget(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private QueueHead? _head;
    private int _inFlight;
    private double _tokens;
    private bool _filled; // full on first use
    private long _refilledAt;
    private int _hosts = 1;

    public int InFlight
    {
        get { lock (_gate) return _inFlight; }
    }

    /// <summary>How many deliveries may start now (refreshes the subscription's limits from the claim's pick).</summary>
    public int Capacity(QueueHead head, int hosts)
    {
        lock (_gate)
        {
            _head = head;
            _hosts = Math.Max(1, hosts);
            var free = InFlightShare(head) - _inFlight;
            if (head.Ordered)
                free = Math.Min(free, _inFlight == 0 ? 1 : 0);
            if (head.RateLimitPerSecond is not null)
                free = Math.Min(free, (int)Math.Floor(Refill()));
            return Math.Max(0, free);
        }
    }

    /// <summary>True when the claim should leave this subscription out: nothing may start now.</summary>
    public bool IsSaturated
    {
        get
        {
            lock (_gate)
            {
                if (_head is not { } head)
                    return false;
                return _inFlight >= InFlightShare(head) || (head.Ordered && _inFlight > 0)
                       || (head.RateLimitPerSecond is not null && Refill() < 1);
            }
        }
    }

    /// <summary>When the rate budget next allows a request (null: not rate-bound now).</summary>
    public DateTimeOffset? NextTokenAt
    {
        get
        {
            lock (_gate)
            {
                if (_head?.RateLimitPerSecond is not { } rate || Refill() >= 1)
                    return null;
                return clock.GetUtcNow() + TimeSpan.FromSeconds((1 - _tokens) / PerHostRate(rate));
            }
        }
    }

    public bool IsIdle
    {
        get { lock (_gate) return _inFlight == 0 && (_head?.RateLimitPerSecond is null || Refill() >= Burst(_head.RateLimitPerSecond.Value)); }
    }

    public void Start()
    {
        lock (_gate)
        {
            _inFlight++;
            if (_head?.RateLimitPerSecond is not null)
            {
                Refill();
                _tokens--;
            }
        }
    }

    /// <returns>True when this completion freed a subscription that was at its limit (wake the claim loop).</returns>
    public bool Finish()
    {
        lock (_gate)
        {
            var wasFull = _head is { } head && (_inFlight >= InFlightShare(head) || head.Ordered);
            _inFlight--;
            return wasFull;
        }
    }

    private int InFlightShare(QueueHead head) => Math.Max(1, head.MaxInFlight / _hosts);

    private double PerHostRate(int rate) => (double)rate / _hosts;

    private double Burst(int rate) => Math.Max(1, PerHostRate(rate));

    private double Refill()
    {
        var rate = _head!.RateLimitPerSecond!.Value;
        var now = clock.GetTimestamp();
        if (!_filled)
        {
            _tokens = Burst(rate);
            _filled = true;
        }
        else
            _tokens = Math.Min(Burst(rate), _tokens + clock.GetElapsedTime(_refilledAt, now).TotalSeconds * PerHostRate(rate));
        _refilledAt = now;
        return _tokens;
    }
}
