using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Oro.Opportunities.Data.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOutJobLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "StoredPath",
                table: "ImportJobs");

            migrationBuilder.AddColumn<string>(
                name: "History",
                table: "ImportJobs",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "ImportJobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "ImportJobs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UploadId",
                table: "ImportJobs",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "BaseCurrencyChangeJobs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Display = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExpectedRevision = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<int>(type: "integer", nullable: true),
                    Deals = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revalued = table.Column<int>(type: "integer", nullable: false),
                    ErrorMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Progress = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    History = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BaseCurrencyChangeJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BaseCurrencyChangeJobs_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "FileChunks",
                columns: table => new
                {
                    FileId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FileChunks", x => new { x.FileId, x.Sequence });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_State_LeaseExpiresAt",
                table: "ImportJobs",
                columns: new[] { "State", "LeaseExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BaseCurrencyChangeJobs_State_LeaseExpiresAt",
                table: "BaseCurrencyChangeJobs",
                columns: new[] { "State", "LeaseExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BaseCurrencyChangeJobs_UserId",
                table: "BaseCurrencyChangeJobs",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_FileChunks_CreatedAt",
                table: "FileChunks",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BaseCurrencyChangeJobs");

            migrationBuilder.DropTable(
                name: "FileChunks");

            migrationBuilder.DropIndex(
                name: "IX_ImportJobs_State_LeaseExpiresAt",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "History",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "ImportJobs");

            migrationBuilder.DropColumn(
                name: "UploadId",
                table: "ImportJobs");

            migrationBuilder.AddColumn<string>(
                name: "StoredPath",
                table: "ImportJobs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");
        }
    }
}
