using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class GridPerformance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opportunities_ClosedAt_CreatedAt",
                table: "Opportunities");

            migrationBuilder.CreateTable(
                name: "DataRevisions",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataRevisions", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_BaseBudgetAmount",
                table: "Opportunities",
                column: "BaseBudgetAmount");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_BudgetAmount",
                table: "Opportunities",
                column: "BudgetAmount");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities",
                column: "CreatedAt",
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities",
                columns: new[] { "OwnerId", "CreatedAt" },
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_Open_Probability_BaseBudget",
                table: "Opportunities",
                columns: new[] { "Probability", "BaseBudgetAmount" },
                filter: "[ClosedAt] IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_StatusId_Probability_BaseBudgetAmount",
                table: "Opportunities",
                columns: new[] { "StatusId", "Probability", "BaseBudgetAmount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataRevisions");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_BaseBudgetAmount",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_BudgetAmount",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_OwnerId_CreatedAt",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_Open_Probability_BaseBudget",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_StatusId_Probability_BaseBudgetAmount",
                table: "Opportunities");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_ClosedAt_CreatedAt",
                table: "Opportunities",
                columns: new[] { "ClosedAt", "CreatedAt" });
        }
    }
}
