using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PayloadShaping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BodyTemplate",
                table: "Subscriptions",
                type: "nvarchar(max)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Filter",
                table: "Subscriptions",
                type: "nvarchar(max)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Subscriptions",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Webhook");

            migrationBuilder.AddColumn<bool>(
                name: "SecretInBody",
                table: "Subscriptions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Transformation",
                table: "Subscriptions",
                type: "nvarchar(max)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DefaultTransformation",
                table: "EventTypes",
                type: "nvarchar(max)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddUniqueConstraint(
                name: "AK_EventTypes_Name",
                table: "EventTypes",
                column: "Name");

            migrationBuilder.CreateTable(
                name: "EventTypeAliases",
                columns: table => new
                {
                    Alias = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    EventTypeName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EventTypeAliases", x => x.Alias);
                    table.ForeignKey(
                        name: "FK_EventTypeAliases_EventTypes_EventTypeName",
                        column: x => x.EventTypeName,
                        principalTable: "EventTypes",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EventTypeAliases_EventTypeName",
                table: "EventTypeAliases",
                column: "EventTypeName");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EventTypeAliases");

            migrationBuilder.DropUniqueConstraint(
                name: "AK_EventTypes_Name",
                table: "EventTypes");

            migrationBuilder.DropColumn(
                name: "BodyTemplate",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Filter",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "SecretInBody",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "Transformation",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "DefaultTransformation",
                table: "EventTypes");
        }
    }
}
