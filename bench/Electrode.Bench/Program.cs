Console.WriteLine("usage: Electrode.Bench <benchmark>");
return 2;
