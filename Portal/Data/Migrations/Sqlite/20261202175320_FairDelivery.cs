using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FairDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing subscriptions keep the former per-subscription limit (8). Their queue heads start empty; the
            // dispatcher re-arms every subscription with unfinished deliveries when it starts (SubscriptionQueue.RepairAsync).
            migrationBuilder.AddColumn<int>(
                name: "MaxInFlight",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 8);

            migrationBuilder.AddColumn<long>(
                name: "NextDueAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Ordered",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "RateLimitPerSecond",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_State_NextDueAt",
                table: "Subscriptions",
                columns: new[] { "State", "NextDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Queue",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "NextAttemptAt" },
                filter: "\"NextAttemptAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_QueueOrder",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "CreatedAt", "Id" },
                filter: "\"NextAttemptAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_State_NextDueAt",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Queue",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_QueueOrder",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "MaxInFlight",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "NextDueAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Ordered",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "RateLimitPerSecond",
                table: "Subscriptions");
        }
    }
}
