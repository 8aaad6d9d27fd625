using Portal.Domain.Dispatch;

namespace Portal.Tests.Domain.Dispatch;

public class SecretRedactorTests
{
    [Fact]
    public void Redact_masks_every_occurrence_of_every_secret() =>
        Assert.Equal("token *** sent twice: *** and key ***",
            SecretRedactor.Redact("token abc123 sent twice: abc123 and key whsec_XYZ", ["abc123", "whsec_XYZ"]));

    [Fact]
    public void Redact_masks_a_longer_secret_whole_when_it_contains_a_shorter_one() =>
        Assert.Equal("*** / ***", SecretRedactor.Redact("secret-extended / secret", ["secret", "secret-extended"]));

    [Fact]
    public void Redact_masks_the_URL_encoded_form() =>
        Assert.Equal("GET https://x.test/?token=*** failed",
            SecretRedactor.Redact("GET https://x.test/?token=p%40ss%20w%2Frd failed", ["p@ss w/rd"]));

    [Fact]
    public void Redact_ignores_empty_and_null_secrets_and_is_case_sensitive() =>
        Assert.Equal("Nothing SECRET here", SecretRedactor.Redact("Nothing SECRET here", ["", null, "secret"]));
}
