namespace Portal.Features.Team;

public static class TeamExtensions
{
    public static IServiceCollection AddTeam(this IServiceCollection services) =>
        services.AddScoped<ManageTeam>();
}
