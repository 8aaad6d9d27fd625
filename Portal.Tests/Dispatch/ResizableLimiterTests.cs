using Portal.Dispatch;

namespace Portal.Tests.Dispatch;

public sealed class ResizableLimiterTests
{
    private static int TakeAll(ResizableLimiter limiter)
    {
        var taken = 0;
        while (taken < 100 && limiter.TryWait())
            taken++;
        return taken;
    }

    [Fact]
    public void Raising_the_limit_frees_the_extra_slots_at_once()
    {
        using var limiter = new ResizableLimiter(2);
        Assert.Equal(2, TakeAll(limiter));

        limiter.Resize(5);

        Assert.Equal(3, TakeAll(limiter));
    }

    [Fact]
    public void Lowering_the_limit_while_slots_are_held_keeps_back_the_ones_given_back()
    {
        using var limiter = new ResizableLimiter(4);
        Assert.Equal(3, Enumerable.Range(0, 3).Count(_ => limiter.TryWait())); // 3 held, 1 free

        limiter.Resize(1); // takes the free one now, owes 2

        Assert.Equal(0, TakeAll(limiter));
        limiter.Release();
        limiter.Release();
        Assert.Equal(0, TakeAll(limiter)); // both swallowed: still 1 held, the new limit
        limiter.Release();
        Assert.Equal(1, TakeAll(limiter));
    }

    [Fact]
    public void Raising_again_before_the_debt_is_paid_cancels_it_first()
    {
        using var limiter = new ResizableLimiter(4);
        Assert.Equal(4, TakeAll(limiter));
        limiter.Resize(1); // owes 3
        limiter.Resize(3); // owes 1

        for (var i = 0; i < 4; i++)
            limiter.Release();

        Assert.Equal(3, TakeAll(limiter));
        Assert.Equal(3, limiter.Limit);
    }
}
